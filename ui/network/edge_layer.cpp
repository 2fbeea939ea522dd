#include "ui/network/edge_layer.h"

#include <QLineF>
#include <QList>
#include <QObject>
#include <QStringList>
#include <algorithm>
#include <array>
#include <cmath>

#include "ui/network/neuron_colours.h"

namespace digitscope::ui {
namespace {

constexpr int kLevels = 8;              // strength buckets per sign
constexpr float kInvisible = 0.06f;     // edges weaker than this share of the scale are skipped
constexpr double kAverageLight = 0.35;  // at most this much edge light per pixel between columns

}  // namespace

void EdgeLayer::chooseEdges(const core::Network& network) {
    const int layers = network.layerCount();
    m_edges.assign(layers, {});
    m_scales.assign(layers, 1.0f);
    m_perNeuron.assign(layers, 0);
    for (int l = 0; l < layers; ++l) {
        const auto weights = network.weights(l);  // outputs x inputs
        m_perNeuron[l] = NetworkEdges::shownPerNeuron(static_cast<int>(weights.cols()),
                                                      static_cast<int>(weights.rows()));
        m_edges[l] = NetworkEdges::strongestIncoming(weights, m_perNeuron[l]);
        m_scales[l] = NetworkEdges::magnitudeScale(weights);
    }
}

QString EdgeLayer::thinningNote(const std::vector<int>& sizes) {
    QStringList parts;
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
        const int shown = NetworkEdges::shownPerNeuron(sizes[l], sizes[l + 1]);
        if (shown < sizes[l])
            parts << QObject::tr("%1 of %2 into layer %3").arg(shown).arg(sizes[l]).arg(l + 1);
    }
    return parts.isEmpty() ? QString()
                           : QObject::tr("showing the strongest incoming edges per neuron: ") +
                                 parts.join(QStringLiteral(", "));
}

QImage EdgeLayer::render(const core::Network& network, const NetworkLayout& layout, QSize size,
                         qreal dpr) {
    chooseEdges(network);
    const QSize pixels = (QSizeF(size) * dpr).toSize();
    // Opaque, background included: the view's paint starts with a plain copy of it.
    QImage image(pixels, QImage::Format_RGB32);
    image.setDevicePixelRatio(dpr);
    m_rasterizer.reset(pixels);
    m_lines.clear();
    if (!layout.isEmpty() && layout.sizes() == network.architecture().sizes)
        for (int l = 0; l < network.layerCount(); ++l) rasterize(layout, l, dpr);
    m_rasterizer.addLines(m_lines);
    m_rasterizer.composite(image, neuron_colours::kBackground, neuron_colours::kPositive,
                           neuron_colours::kNegative);
    return image;
}

EdgeLayer::Glow EdgeLayer::renderGlow(const core::Network& before, const core::Network& network,
                                      const NetworkLayout& layout, const QImage& edges) {
    Glow glow;
    const auto& sizes = network.architecture().sizes;
    if (layout.isEmpty() || layout.sizes() != sizes || before.architecture().sizes != sizes)
        return glow;
    const qreal dpr = edges.devicePixelRatio();
    m_lines.clear();
    for (int l = 0; l < network.layerCount(); ++l) {
        // before, after: outputs x inputs.
        const std::vector<Edge> changed =
            NetworkEdges::largestChanges(before.weights(l), network.weights(l), kGlowEdges);
        float scale = 0.0f;
        for (const Edge& e : changed) scale = std::max(scale, std::abs(e.value));
        if (!(scale > 0.0f)) continue;
        const std::size_t first = m_lines.size();
        // Each layer on its own scale: the output layer's weights move most, but a glow only
        // there would hide where the first layer learned.
        appendEdgeLines(layout, l, changed, scale, 1.0, dpr, 0.0, 1.0, m_lines);
        glow.edges += static_cast<int>(m_lines.size() - first);
    }
    if (m_rasterizer.size() != edges.size())
        m_rasterizer.reset(edges.size());
    else
        m_rasterizer.clear();
    m_rasterizer.addLines(m_lines);
    const QRect lit = m_rasterizer.litRect() & edges.rect();
    if (lit.isEmpty() || glow.edges == 0) return {};
    glow.image = edges.copy(lit);  // device pixels, RGB32
    m_rasterizer.addOnto(glow.image, lit.topLeft(), neuron_colours::kGlow, neuron_colours::kGlow);
    glow.image.setDevicePixelRatio(dpr);
    glow.origin = lit.topLeft();
    return glow;
}

void EdgeLayer::rasterize(const NetworkLayout& layout, int weightLayer, qreal dpr) {
    std::array<std::vector<QPointF>, 2> anchors;  // device pixels, once per unit
    for (int side = 0; side < 2; ++side) {
        const int layer = weightLayer + side;
        anchors[side].resize(static_cast<std::size_t>(layout.size(layer)));
        for (int i = 0; i < layout.size(layer); ++i)
            anchors[side][static_cast<std::size_t>(i)] =
                layout.edgeAnchor({layer, i}, side == 1) * dpr;
    }
    // Edges from the input grid start at its pixels, but the grid is painted over them: only
    // the stretch right of the grid is worth rasterising.
    const bool fromGrid = weightLayer == 0 && layout.inputIsGrid();
    const double gridRight = layout.gridRect().right() * dpr;
    const double boost = densityBoost(m_perNeuron[weightLayer]);
    const double maxWidth = std::clamp(boost * 2.2, 0.5, 2.6) * dpr;
    const float scale = m_scales[weightLayer];
    const std::size_t firstLine = m_lines.size();
    double ink = 0.0;  // device pixels x opacity of all this layer's lines
    for (const Edge& e : m_edges[weightLayer]) {
        const float t = std::min(std::abs(e.value) / scale, 1.0f);
        if (!(t >= kInvisible)) continue;
        QPointF a = anchors[0][static_cast<std::size_t>(e.from)];
        const QPointF b = anchors[1][static_cast<std::size_t>(e.to)];
        if (fromGrid && b.x() > gridRight && a.x() < gridRight)
            a += (b - a) * ((gridRight - a.x()) / (b.x() - a.x()));
        const auto alpha = static_cast<float>(std::clamp(boost * (0.12 + 0.88 * t), 0.02, 1.0));
        const auto width = static_cast<float>(maxWidth * (0.3 + 0.7 * t));
        m_lines.push_back({a, b, e.value >= 0, alpha, width});
        ink += QLineF(a, b).length() * std::max(1.0f, width) * std::min(1.0f, width) * alpha;
    }
    // However many edges a layer has, their light averaged over the band between the two
    // columns stays about the same: wide layers get fainter edges instead of a white wall.
    const QRectF from = layout.columnRect(weightLayer), to = layout.columnRect(weightLayer + 1);
    const double band = std::max(1.0, (to.left() - (fromGrid ? from.right() : from.center().x())) *
                                          std::max(from.height(), to.height()) * dpr * dpr);
    const double fade = std::min(1.0, kAverageLight * band / std::max(ink, 1e-9));
    for (std::size_t i = firstLine; i < m_lines.size(); ++i)
        m_lines[i].opacity *= static_cast<float>(fade);
}

double EdgeLayer::densityBoost(int perNeuron) {
    return std::clamp(2.4 / std::sqrt(std::max(perNeuron, 1)), 0.07, 1.0);
}

void EdgeLayer::appendEdgeLines(const NetworkLayout& layout, int weightLayer,
                                const std::vector<Edge>& edges, float scale, double boost,
                                qreal dpr, double tail, double head,
                                std::vector<EdgeRasterizer::Line>& lines) {
    const double maxWidth = std::clamp(boost * 2.2, 0.5, 2.6) * dpr;
    for (const Edge& e : edges) {
        const float t = std::min(std::abs(e.value) / scale, 1.0f);
        if (!(t >= kInvisible)) continue;
        const QPointF a = layout.edgeAnchor({weightLayer, e.from}, false) * dpr;
        const QPointF b = layout.edgeAnchor({weightLayer + 1, e.to}, true) * dpr;
        const auto alpha = static_cast<float>(std::clamp(boost * (0.12 + 0.88 * t), 0.02, 1.0));
        const auto width = static_cast<float>(maxWidth * (0.3 + 0.7 * t));
        lines.push_back({a + (b - a) * tail, a + (b - a) * head, e.value >= 0, alpha, width});
    }
}

void EdgeLayer::drawEdges(QPainter& painter, const NetworkLayout& layout, int weightLayer,
                          const std::vector<Edge>& edges, float scale, double boost, double tail,
                          double head) {
    // Anchors once per unit, not once per edge: 784 + 16 points instead of 2 x 12,544.
    std::array<std::vector<QPointF>, 2> anchors;
    for (int side = 0; side < 2; ++side) {
        const int layer = weightLayer + side;
        anchors[side].resize(static_cast<std::size_t>(layout.size(layer)));
        for (int i = 0; i < layout.size(layer); ++i)
            anchors[side][static_cast<std::size_t>(i)] = layout.edgeAnchor({layer, i}, side == 1);
    }
    std::array<QList<QLineF>, 2 * kLevels> buckets;
    for (const Edge& e : edges) {
        const float t = std::min(std::abs(e.value) / scale, 1.0f);
        if (!(t >= kInvisible)) continue;
        const int level = std::min(kLevels - 1, static_cast<int>(t * kLevels));
        const QPointF a = anchors[0][static_cast<std::size_t>(e.from)];
        const QPointF b = anchors[1][static_cast<std::size_t>(e.to)];
        buckets[(e.value < 0 ? kLevels : 0) + level].append(
            QLineF(a + (b - a) * tail, a + (b - a) * head));
    }
    const double maxWidth = std::clamp(boost * 2.2, 0.5, 2.6);
    for (int k = 0; k < 2 * kLevels; ++k) {
        if (buckets[k].isEmpty()) continue;
        const double t = (k % kLevels + 0.5) / kLevels;
        QColor colour = k < kLevels ? neuron_colours::kPositive : neuron_colours::kNegative;
        colour.setAlphaF(static_cast<float>(std::clamp(boost * (0.12 + 0.88 * t), 0.02, 1.0)));
        painter.setPen(QPen(colour, maxWidth * (0.3 + 0.7 * t), Qt::SolidLine, Qt::RoundCap));
        painter.drawLines(buckets[k]);
    }
}

}  // namespace digitscope::ui
