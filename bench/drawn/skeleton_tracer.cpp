#include "bench/drawn/skeleton_tracer.h"

#include <QImage>
#include <algorithm>
#include <array>
#include <cmath>

#include "bench/drawn/skeleton_graph.h"
#include "session/canvas/stroke_rasterizer.h"

namespace digitscope::bench {
namespace {

// One Zhang-Suen sub-iteration (pass 0 peels south-east boundaries, pass 1 north-west).
bool thinPass(BinaryImage& image, int pass) {
    std::vector<QPoint> removable;
    for (int y = 0; y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            if (!image.at(x, y)) continue;
            std::array<bool, 8> p{};
            int ink = 0;
            for (std::size_t k = 0; k < 8; ++k) {
                p[k] = image.at(x + kRing[k].x(), y + kRing[k].y());
                ink += p[k] ? 1 : 0;
            }
            if (ink < 2 || ink > 6) continue;
            int transitions = 0;  // 0 -> 1 steps around the ring: 1 means a simple boundary pixel
            for (std::size_t k = 0; k < 8; ++k) transitions += (!p[k] && p[(k + 1) % 8]) ? 1 : 0;
            if (transitions != 1) continue;
            const bool north = p[0], east = p[2], south = p[4], west = p[6];
            if (pass == 0 && ((north && east && south) || (east && south && west))) continue;
            if (pass == 1 && ((north && east && west) || (north && south && west))) continue;
            removable.emplace_back(x, y);
        }
    }
    for (const QPoint& r : removable) image.set(r.x(), r.y(), false);
    return !removable.empty();
}

}  // namespace

int BinaryImage::count() const {
    return static_cast<int>(std::count_if(pixels.begin(), pixels.end(), [](auto v) { return v; }));
}

BinaryImage SkeletonTracer::threshold(const std::uint8_t* gray, int width, int height,
                                      std::uint8_t level) {
    BinaryImage image(width, height);
    for (std::size_t i = 0; i < image.pixels.size(); ++i) image.pixels[i] = gray[i] >= level;
    return image;
}

BinaryImage SkeletonTracer::thin(BinaryImage image) {
    bool changed = true;
    while (changed) {
        const bool first = thinPass(image, 0);
        const bool second = thinPass(image, 1);
        changed = first || second;
    }
    return image;
}

void SkeletonTracer::prune(BinaryImage& skeleton, const TraceSettings& settings) {
    const std::size_t maxSteps = skeleton.pixels.size();
    for (int round = 0; round < 8; ++round) {
        bool changed = false;
        for (int y = 0; y < skeleton.height; ++y) {
            for (int x = 0; x < skeleton.width; ++x) {
                Neighbours n;
                const QPoint end(x, y);
                if (!skeleton.at(x, y)) continue;
                const int degree = neighboursOf(skeleton, end, n);
                if (degree > 1) continue;
                // Follow the branch from this free end to a fork or to its other free end.
                std::vector<QPoint> branch{end};
                QPoint previous = end;
                QPoint current = n[0];
                int currentDegree = degree == 0 ? 0 : neighboursOf(skeleton, current, n);
                while (currentDegree == 2 && branch.size() < maxSteps) {
                    branch.push_back(current);
                    const QPoint next = otherNeighbour(n, previous);
                    previous = current;
                    current = next;
                    currentDegree = neighboursOf(skeleton, current, n);
                }
                const auto length = static_cast<int>(branch.size());
                const bool spur = currentDegree >= 3 && length < settings.minSpurLength;
                const bool speck = (degree == 0 && settings.minStrokePixels > 1) ||
                                   (currentDegree == 1 && length + 1 < settings.minStrokePixels);
                if (!spur && !speck) continue;
                for (const QPoint& p : branch) skeleton.set(p.x(), p.y(), false);
                if (speck && degree == 1) skeleton.set(current.x(), current.y(), false);
                changed = true;
            }
        }
        if (!changed) break;
    }
}

std::vector<ui::Stroke> SkeletonTracer::trace(const BinaryImage& skeleton,
                                              const TraceSettings& settings, double strokeWidth) {
    return traceSkeleton(skeleton, settings, strokeWidth);
}

ui::Stroke SkeletonTracer::smooth(const ui::Stroke& stroke, int passes, int subdivisions) {
    std::vector<QPointF> p = ui::toQPointFs(stroke.points);
    const bool closed = p.size() >= 4 && p.front() == p.back();
    if (closed) p.pop_back();
    if (p.size() < 3) return stroke;
    for (int pass = 0; pass < passes; ++pass) {
        const std::vector<QPointF> q = p;
        const std::size_t n = q.size();
        for (std::size_t i = 0; i < n; ++i) {
            if (!closed && (i == 0 || i == n - 1)) continue;
            p[i] = (q[(i + n - 1) % n] + 2 * q[i] + q[(i + 1) % n]) / 4;
        }
    }
    for (int level = 0; level < subdivisions; ++level) {
        std::vector<QPointF> cut;
        const std::size_t n = p.size();
        if (!closed) cut.push_back(p.front());
        for (std::size_t i = 0; i < (closed ? n : n - 1); ++i) {
            const QPointF a = p[i];
            const QPointF b = p[(i + 1) % n];
            cut.push_back(0.75 * a + 0.25 * b);
            cut.push_back(0.25 * a + 0.75 * b);
        }
        if (!closed) cut.push_back(p.back());
        p = std::move(cut);
    }
    if (closed) p.push_back(p.front());
    return ui::Stroke{ui::toPoints(p)};
}

std::vector<ui::Stroke> SkeletonTracer::strokesOf(const std::uint8_t* gray, int width, int height,
                                                  std::uint8_t level,
                                                  const TraceSettings& settings) {
    const BinaryImage ink = threshold(gray, width, height, level);
    BinaryImage skeleton = thin(ink);
    const double strokeWidth = static_cast<double>(ink.count()) / std::max(1, skeleton.count());
    prune(skeleton, settings);
    std::vector<ui::Stroke> strokes = trace(skeleton, settings, strokeWidth);
    for (ui::Stroke& stroke : strokes)
        stroke = smooth(stroke, settings.smoothingPasses, settings.subdivisions);
    return strokes;
}

double strokeLength(const std::vector<ui::Stroke>& strokes) {
    double length = 0;
    for (const ui::Stroke& stroke : strokes)
        length += polylineLength(ui::toQPointFs(stroke.points));
    return length;
}

double inkOverlap(const std::vector<ui::Stroke>& strokes, double penWidth, const std::uint8_t* gray,
                  int width, int height) {
    const ui::Drawing drawing = ui::makeDrawing(QSize(width, height), penWidth, strokes);
    const QImage redrawn = ui::StrokeRasterizer::render(drawing);
    int both = 0, either = 0;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const bool a = gray[y * width + x] >= 128;
            const bool b = redrawn.constScanLine(y)[x] >= 128;
            both += a && b ? 1 : 0;
            either += a || b ? 1 : 0;
        }
    }
    return either > 0 ? static_cast<double>(both) / either : 0.0;
}

Trace bestTrace(const std::uint8_t* gray, int width, int height, const TraceSettings& settings) {
    double mass = 0;
    for (int i = 0; i < width * height; ++i) mass += gray[i] / 255.0;
    Trace best;
    for (const std::uint8_t level : std::array<std::uint8_t, 4>{50, 100, 150, 200}) {
        Trace candidate{SkeletonTracer::strokesOf(gray, width, height, level, settings), level};
        const double length = strokeLength(candidate.strokes);
        if (candidate.strokes.empty() || length <= 0) continue;
        candidate.penWidth = std::clamp(mass / length, 1.0, 0.25 * std::max(width, height));
        candidate.overlap = inkOverlap(candidate.strokes, candidate.penWidth, gray, width, height);
        if (candidate.overlap > best.overlap) best = std::move(candidate);
    }
    return best;
}

}  // namespace digitscope::bench