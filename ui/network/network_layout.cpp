#include "ui/network/network_layout.h"

#include <algorithm>
#include <cmath>

namespace digitscope::ui {
namespace {

int squareSide(int units) {
    const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(units))));
    return side >= 4 && side * side == units ? side : 0;
}

}  // namespace

NetworkLayout::NetworkLayout(std::vector<int> sizes, QRectF area)
    : m_sizes(std::move(sizes)), m_area(area) {
    const int layers = layerCount();
    if (layers == 0) return;
    m_columnX.assign(layers, 0.0);
    m_top.assign(layers, area.top());
    m_pitch.assign(layers, 1.0);
    m_cellWidth.assign(layers, 1.0);
    m_gridSide = squareSide(m_sizes[0]);
    // The input grid takes up to a third of the width; the columns share the rest, the first
    // gap a little wider since the most edges fan out across it.
    double left = area.left();
    if (inputIsGrid()) {
        const double side = std::max(1.0, std::min(area.height(), area.width() * 0.3));
        m_gridRect = QRectF(area.left(), area.center().y() - side / 2, side, side);
        m_columnX[0] = m_gridRect.center().x();
        m_pitch[0] = side / m_gridSide;
        m_cellWidth[0] = m_pitch[0];
        left = m_gridRect.right();
    }
    const int firstColumn = inputIsGrid() ? 1 : 0;
    const double firstWeight = inputIsGrid() ? 1.25 : 0.0;
    const double weights = firstWeight + (layers - 1 - firstColumn) + 0.001;
    const double step = std::max(0.0, area.right() - left) / std::max(weights, 1.0);
    for (int l = firstColumn; l < layers; ++l) {
        const double x = inputIsGrid() ? left + step * (firstWeight + (l - 1)) : left + step * l;
        // Shrink the outermost columns inwards by half a cell so that nothing overflows.
        const int n = std::max(1, m_sizes[l]);
        const double pitch = std::min(kMaxPitch, std::max(0.0, area.height()) / n);
        const double width =
            pitch >= kRoundPitch ? pitch * 0.78 : std::clamp(step * 0.12, 3.0, 10.0);
        m_pitch[l] = std::max(pitch, 1e-3);
        m_cellWidth[l] = std::min(width, std::max(1.0, area.width() / layers));
        m_columnX[l] =
            std::clamp(x, area.left() + m_cellWidth[l] / 2, area.right() - m_cellWidth[l] / 2);
        m_top[l] = area.center().y() - pitch * n / 2;
    }
}

bool NetworkLayout::contains(NeuronId id) const {
    return id.layer >= 0 && id.layer < layerCount() && id.index >= 0 &&
           id.index < m_sizes[id.layer];
}

bool NetworkLayout::roundCells(int layer) const {
    return !(layer == 0 && inputIsGrid()) && m_pitch[layer] >= kRoundPitch;
}

QPointF NetworkLayout::centre(NeuronId id) const {
    if (id.layer == 0 && inputIsGrid()) {
        const double cell = m_pitch[0];
        return {m_gridRect.left() + (id.index % m_gridSide + 0.5) * cell,
                m_gridRect.top() + (id.index / m_gridSide + 0.5) * cell};
    }
    return {m_columnX[id.layer], m_top[id.layer] + (id.index + 0.5) * m_pitch[id.layer]};
}

QRectF NetworkLayout::cellRect(NeuronId id) const {
    const QPointF c = centre(id);
    if (id.layer == 0 && inputIsGrid()) {
        const double cell = m_pitch[0];
        return {c.x() - cell / 2, c.y() - cell / 2, cell, cell};
    }
    const double h = roundCells(id.layer) ? m_cellWidth[id.layer] : m_pitch[id.layer];
    const double w = m_cellWidth[id.layer];
    return {c.x() - w / 2, c.y() - h / 2, w, h};
}

QRectF NetworkLayout::columnRect(int layer) const {
    if (layer == 0 && inputIsGrid()) return m_gridRect;
    const double w = m_cellWidth[layer];
    return {m_columnX[layer] - w / 2, m_top[layer], w, m_pitch[layer] * m_sizes[layer]};
}

QPointF NetworkLayout::edgeAnchor(NeuronId id, bool incoming) const {
    const QPointF c = centre(id);
    if (id.layer == 0 && inputIsGrid()) return c;  // edges leave from the pixel centres
    // Round neurons: edges meet the rim, so the cell's fill stays clean.
    const double half = m_cellWidth[id.layer] / 2;
    return {c.x() + (incoming ? -half : half), c.y()};
}

std::optional<NeuronId> NetworkLayout::hitTest(QPointF point) const {
    for (int l = 0; l < layerCount(); ++l) {
        if (l == 0 && inputIsGrid()) {
            if (!m_gridRect.contains(point)) continue;
            const int col = std::clamp(
                static_cast<int>((point.x() - m_gridRect.left()) / m_pitch[0]), 0, m_gridSide - 1);
            const int row = std::clamp(
                static_cast<int>((point.y() - m_gridRect.top()) / m_pitch[0]), 0, m_gridSide - 1);
            return NeuronId{0, row * m_gridSide + col};
        }
        // Small cells are hard to hit: accept a few pixels beside the column and the whole slot.
        const double halfWidth = std::max(m_cellWidth[l] / 2, 4.0);
        if (std::abs(point.x() - m_columnX[l]) > halfWidth) continue;
        const double slot = (point.y() - m_top[l]) / m_pitch[l];
        if (slot < 0 || slot >= m_sizes[l]) continue;
        const NeuronId id{l, std::min(static_cast<int>(slot), m_sizes[l] - 1)};
        if (roundCells(l)) {
            const QPointF d = point - centre(id);
            const double r = std::max(m_cellWidth[l] / 2, 4.0);
            if (d.x() * d.x() + d.y() * d.y() > r * r) continue;
        }
        return id;
    }
    return std::nullopt;
}

}  // namespace digitscope::ui
