#include "ui/network/gallery_layout.h"

#include <algorithm>
#include <cmath>

namespace digitscope::ui {

GalleryLayout::GalleryLayout(int count, QRectF area, double minCell, double maxCell, double caption)
    : m_count(std::max(0, count)), m_area(area), m_caption(caption) {
    if (m_count == 0 || area.width() <= 0 || area.height() <= 0) {
        m_side = 0;
        return;
    }
    // The largest side s (minCell..maxCell) with ceil(n / cols(s)) rows fitting the height.
    auto columnsFor = [&](double side) {
        return std::max(1, static_cast<int>(std::floor((area.width() + m_gap) / (side + m_gap))));
    };
    auto rowsFor = [&](double side) {
        return std::max(
            1, static_cast<int>(std::floor((area.height() + m_gap) / (side + caption + m_gap))));
    };
    double side = std::min(maxCell, area.width());
    for (; side > minCell; side -= 1.0) {
        const int columns = columnsFor(side);
        if (static_cast<long long>(columns) * rowsFor(side) >= m_count) break;
    }
    side = std::max(side, std::min(minCell, area.width()));
    m_side = side;
    m_columns = std::min(columnsFor(side), m_count);
    m_rows = std::min(rowsFor(side), (m_count + m_columns - 1) / m_columns);
}

int GalleryLayout::pages() const {
    return m_count == 0 ? 0 : (m_count + perPage() - 1) / perPage();
}

QRectF GalleryLayout::mapRect(int index, int page) const {
    if (index < 0 || index >= m_count || m_side <= 0) return {};
    const int first = page * perPage();
    if (index < first || index >= first + perPage()) return {};
    const int slot = index - first;
    const int row = slot / m_columns;
    const int column = slot % m_columns;
    // The grid centred horizontally in the area.
    const double width = m_columns * m_side + (m_columns - 1) * m_gap;
    const double left = m_area.left() + std::max(0.0, (m_area.width() - width) / 2);
    return {left + column * (m_side + m_gap), m_area.top() + row * (m_side + m_caption + m_gap),
            m_side, m_side};
}

int GalleryLayout::hitTest(QPointF point, int page) const {
    const int first = page * perPage();
    for (int i = first; i < std::min(m_count, first + perPage()); ++i) {
        const QRectF cell = mapRect(i, page).adjusted(0, 0, 0, m_caption);
        if (cell.contains(point)) return i;
    }
    return -1;
}

}  // namespace digitscope::ui
