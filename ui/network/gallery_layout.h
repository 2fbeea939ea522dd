#pragma once

#include <QRectF>
#include <QSizeF>

namespace digitscope::ui {

// Where a gallery of square maps goes in a rectangle: the largest cells that fit every map at
// once, down to a smallest size; below it, pages of as many as fit. Plain geometry for the
// weight-map and digit galleries, so placement and hit-testing are testable.
class GalleryLayout {
public:
    GalleryLayout() = default;
    // count: maps; area: where they go; minCell / maxCell: cell side limits (logical pixels);
    // caption: height under each map for its label (part of the cell's height).
    GalleryLayout(int count, QRectF area, double minCell, double maxCell, double caption = 0.0);

    int count() const { return m_count; }
    int columns() const { return m_columns; }
    int rowsPerPage() const { return m_rows; }
    int perPage() const { return m_columns * m_rows; }
    int pages() const;
    double cellSide() const { return m_side; }  // the map's side (caption excluded)

    // The map of item `index` when its page is shown (its caption below it); empty when the
    // index is not on `page`.
    QRectF mapRect(int index, int page) const;
    // The item under a point on `page`, or -1.
    int hitTest(QPointF point, int page) const;

private:
    int m_count = 0;
    QRectF m_area;
    int m_columns = 1;
    int m_rows = 1;
    double m_side = 0;
    double m_caption = 0;
    double m_gap = 4;
};

}  // namespace digitscope::ui
