#include "bench/drawn/skeleton_graph.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

namespace digitscope::bench {
namespace {

QPointF centre(QPoint p) {
    return {p.x() + 0.5, p.y() + 0.5};
}

struct Edge {
    int from = -1;  // node ids
    int to = -1;
    std::vector<QPointF> points;  // from's node point ... to's node point
};

// Skeleton paths between nodes (free ends and junction clusters) and loops without nodes.
class PathWalker {
public:
    explicit PathWalker(const BinaryImage& skeleton)
        : m_image(skeleton),
          m_node(skeleton.pixels.size(), -1),
          m_walked(skeleton.pixels.size(), false) {
        findNodes();
    }

    std::vector<Edge> edges();
    std::vector<ui::Stroke> loopsAndDots();
    const std::vector<QPointF>& nodePoints() const { return m_nodePoint; }
    const std::vector<bool>& forks() const { return m_fork; }  // per node: a junction?

private:
    int id(QPoint p) const { return p.y() * m_image.width + p.x(); }
    int degree(QPoint p) const {
        Neighbours n;
        return neighboursOf(m_image, p, n);
    }
    void findNodes();
    std::pair<int, int> step(QPoint a, QPoint b) const { return std::minmax(id(a), id(b)); }

    const BinaryImage& m_image;
    std::vector<int> m_node;  // node id of each pixel, -1 for path pixels
    std::vector<QPointF> m_nodePoint;
    std::vector<bool> m_fork;
    std::vector<bool> m_walked;
    std::set<std::pair<int, int>> m_steps;  // pixel pairs already walked, either direction
};

void PathWalker::findNodes() {
    for (int y = 0; y < m_image.height; ++y) {
        for (int x = 0; x < m_image.width; ++x) {
            const QPoint p(x, y);
            if (!m_image.at(x, y) || m_node[id(p)] >= 0) continue;
            const int d = degree(p);
            if (d == 1) {
                m_node[id(p)] = static_cast<int>(m_nodePoint.size());
                m_nodePoint.push_back(centre(p));
                m_fork.push_back(false);
            } else if (d >= 3) {
                // A junction cluster: touching fork pixels are one node at their centroid.
                const int node = static_cast<int>(m_nodePoint.size());
                std::vector<QPoint> todo{p};
                QPointF sum;
                int count = 0;
                m_node[id(p)] = node;
                while (!todo.empty()) {
                    const QPoint q = todo.back();
                    todo.pop_back();
                    sum += centre(q);
                    ++count;
                    for (const QPoint& o : kRing) {
                        const QPoint r = q + o;
                        if (m_image.at(r.x(), r.y()) && m_node[id(r)] < 0 && degree(r) >= 3) {
                            m_node[id(r)] = node;
                            todo.push_back(r);
                        }
                    }
                }
                m_nodePoint.push_back(sum / count);
                m_fork.push_back(true);
            }
        }
    }
}

std::vector<Edge> PathWalker::edges() {
    std::vector<Edge> result;
    for (int y = 0; y < m_image.height; ++y) {
        for (int x = 0; x < m_image.width; ++x) {
            const QPoint p(x, y);
            if (!m_image.at(x, y) || m_node[id(p)] < 0) continue;
            Neighbours first;
            const int count = neighboursOf(m_image, p, first);
            for (int k = 0; k < count; ++k) {
                QPoint previous = p;
                QPoint current = first[static_cast<std::size_t>(k)];
                if (m_node[id(current)] == m_node[id(p)]) continue;  // inside one junction
                if (!m_steps.insert(step(previous, current)).second) continue;
                Edge edge{
                    m_node[id(p)], -1, {m_nodePoint[static_cast<std::size_t>(m_node[id(p)])]}};
                while (m_node[id(current)] < 0) {
                    edge.points.push_back(centre(current));
                    m_walked[id(current)] = true;
                    Neighbours n;
                    neighboursOf(m_image, current, n);
                    const QPoint next = otherNeighbour(n, previous);
                    m_steps.insert(step(current, next));
                    previous = current;
                    current = next;
                }
                edge.to = m_node[id(current)];
                edge.points.push_back(m_nodePoint[static_cast<std::size_t>(edge.to)]);
                result.push_back(std::move(edge));
            }
        }
    }
    return result;
}

std::vector<ui::Stroke> PathWalker::loopsAndDots() {
    std::vector<ui::Stroke> result;
    for (int y = 0; y < m_image.height; ++y) {
        for (int x = 0; x < m_image.width; ++x) {
            const QPoint start(x, y);
            if (!m_image.at(x, y) || m_node[id(start)] >= 0 || m_walked[id(start)]) continue;
            ui::Stroke stroke{{ui::toPoint(centre(start))}};
            m_walked[id(start)] = true;
            Neighbours n;
            if (neighboursOf(m_image, start, n) == 2) {  // every pixel of a node-free loop has two
                QPoint previous = start;
                QPoint current = n[0];
                while (current != start) {
                    stroke.points.push_back(ui::toPoint(centre(current)));
                    m_walked[id(current)] = true;
                    neighboursOf(m_image, current, n);
                    const QPoint next = otherNeighbour(n, previous);
                    previous = current;
                    current = next;
                }
                stroke.points.push_back(ui::toPoint(centre(start)));
            }
            result.push_back(std::move(stroke));
        }
    }
    return result;
}

// Two forks joined by a path no longer than `maxLength` are one crossing drawn thick (the waist
// of an 8, a cross that thinning split into two forks): they become one node at their mean
// point and the path goes, so that the branches can pair straight through the crossing.
void mergeCrossings(std::vector<Edge>& edges, const std::vector<QPointF>& nodePoints,
                    const std::vector<bool>& forks, double maxLength) {
    std::vector<int> root(nodePoints.size());
    std::iota(root.begin(), root.end(), 0);
    auto find = [&](int n) {
        while (root[static_cast<std::size_t>(n)] != n) n = root[static_cast<std::size_t>(n)];
        return n;
    };
    std::erase_if(edges, [&](const Edge& e) {
        if (e.from == e.to || !forks[static_cast<std::size_t>(e.from)] ||
            !forks[static_cast<std::size_t>(e.to)] || polylineLength(e.points) > maxLength)
            return false;
        root[static_cast<std::size_t>(find(e.from))] = find(e.to);
        return true;
    });
    std::vector<QPointF> sum(nodePoints.size());
    std::vector<int> count(nodePoints.size(), 0);
    for (std::size_t n = 0; n < nodePoints.size(); ++n) {
        const auto r = static_cast<std::size_t>(find(static_cast<int>(n)));
        sum[r] += nodePoints[n];
        ++count[r];
    }
    for (Edge& e : edges) {
        e.from = find(e.from);
        e.to = find(e.to);
        e.points.front() =
            sum[static_cast<std::size_t>(e.from)] / count[static_cast<std::size_t>(e.from)];
        e.points.back() =
            sum[static_cast<std::size_t>(e.to)] / count[static_cast<std::size_t>(e.to)];
    }
}

// Unit direction in which an edge leaves its `end` (0 = start, 1 = end), over about 3 pixels.
QPointF leavingDirection(const Edge& edge, int end) {
    const std::size_t n = edge.points.size();
    auto at = [&](std::size_t i) { return end == 0 ? edge.points[i] : edge.points[n - 1 - i]; };
    QPointF d;
    for (std::size_t i = 1; i < n; ++i) {
        d = at(i) - at(0);
        if (std::hypot(d.x(), d.y()) >= 3.0) break;
    }
    const double length = std::hypot(d.x(), d.y());
    return length > 0 ? d / length : QPointF();
}

using EdgeEnd = std::pair<int, int>;  // (edge index, 0 = its start, 1 = its end)

// At every node, pairs the edge ends that continue each other: both ends of a two-way node,
// and at a fork the straightest pairs first.
std::map<EdgeEnd, EdgeEnd> joinThroughNodes(const std::vector<Edge>& edges, std::size_t nodes,
                                            double minStraightness) {
    std::vector<std::vector<EdgeEnd>> ends(nodes);
    for (std::size_t e = 0; e < edges.size(); ++e) {
        ends[static_cast<std::size_t>(edges[e].from)].emplace_back(static_cast<int>(e), 0);
        ends[static_cast<std::size_t>(edges[e].to)].emplace_back(static_cast<int>(e), 1);
    }
    std::map<EdgeEnd, EdgeEnd> link;
    for (const std::vector<EdgeEnd>& here : ends) {
        if (here.size() == 2) {
            link[here[0]] = here[1];
            link[here[1]] = here[0];
        }
        if (here.size() < 3) continue;
        std::vector<std::tuple<double, std::size_t, std::size_t>> pairs;  // (cosine, i, j)
        for (std::size_t i = 0; i < here.size(); ++i) {
            const QPointF a = leavingDirection(edges[here[i].first], here[i].second);
            for (std::size_t j = i + 1; j < here.size(); ++j) {
                const QPointF b = leavingDirection(edges[here[j].first], here[j].second);
                pairs.emplace_back(QPointF::dotProduct(a, b), i, j);
            }
        }
        std::sort(pairs.begin(), pairs.end());
        for (const auto& [cosine, i, j] : pairs) {
            if (cosine > -minStraightness) break;
            if (link.contains(here[i]) || link.contains(here[j])) continue;
            link[here[i]] = here[j];
            link[here[j]] = here[i];
        }
    }
    return link;
}

}  // namespace

int neighboursOf(const BinaryImage& image, QPoint p, Neighbours& out) {
    int n = 0;
    for (const QPoint& o : kRing) {
        if (!image.at(p.x() + o.x(), p.y() + o.y())) continue;
        const bool diagonal = o.x() != 0 && o.y() != 0;
        if (diagonal && (image.at(p.x() + o.x(), p.y()) || image.at(p.x(), p.y() + o.y())))
            continue;
        out[static_cast<std::size_t>(n++)] = p + o;
    }
    return n;
}

QPoint otherNeighbour(const Neighbours& n, QPoint previous) {
    return n[0] == previous ? n[1] : n[0];
}

double polylineLength(const std::vector<QPointF>& points) {
    double length = 0;
    for (std::size_t i = 1; i < points.size(); ++i) {
        const QPointF d = points[i] - points[i - 1];
        length += std::hypot(d.x(), d.y());
    }
    return length;
}

std::vector<ui::Stroke> traceSkeleton(const BinaryImage& skeleton, const TraceSettings& settings,
                                      double strokeWidth) {
    PathWalker walker(skeleton);
    std::vector<Edge> edges = walker.edges();
    mergeCrossings(edges, walker.nodePoints(), walker.forks(),
                   settings.crossingWidths * strokeWidth);
    // A tiny loop at a junction is a hole left by thresholding, not a drawn loop.
    const auto minLoop = static_cast<std::size_t>(2 * settings.minSpurLength + 2);
    std::erase_if(edges,
                  [&](const Edge& e) { return e.from == e.to && e.points.size() < minLoop; });
    const std::map<EdgeEnd, EdgeEnd> link =
        joinThroughNodes(edges, walker.nodePoints().size(), settings.minStraightness);

    std::vector<ui::Stroke> strokes;
    std::vector<bool> used(edges.size(), false);
    // Appends edges to `stroke`, from edge e's `end`, through the links, until none is left.
    auto follow = [&](int e, int end) {
        ui::Stroke stroke;
        while (true) {
            used[static_cast<std::size_t>(e)] = true;
            std::vector<core::Point> points =
                ui::toPoints(edges[static_cast<std::size_t>(e)].points);
            if (end == 1) std::reverse(points.begin(), points.end());
            const auto skip = stroke.points.empty() ? 0 : 1;  // the shared node point
            stroke.points.insert(stroke.points.end(), points.begin() + skip, points.end());
            const auto next = link.find({e, 1 - end});
            if (next == link.end() || used[static_cast<std::size_t>(next->second.first)]) break;
            std::tie(e, end) = next->second;
        }
        strokes.push_back(std::move(stroke));
    };
    for (std::size_t e = 0; e < edges.size(); ++e)
        for (int end = 0; end < 2; ++end)
            if (!used[e] && !link.contains({static_cast<int>(e), end}))
                follow(static_cast<int>(e), end);
    for (std::size_t e = 0; e < edges.size(); ++e)  // what is left goes round in circles
        if (!used[e]) follow(static_cast<int>(e), 0);
    for (ui::Stroke& loop : walker.loopsAndDots()) strokes.push_back(std::move(loop));
    return strokes;
}

}  // namespace digitscope::bench
