#include "ui/explain/digit_gallery.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>

#include "ui/network/neuron_colours.h"

namespace digitscope::ui {
namespace {

namespace colours = neuron_colours;

}  // namespace

DigitGallery::DigitGallery(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
}

void DigitGallery::setItems(std::vector<Item> items, const QString& title) {
    m_items = std::move(items);
    m_title = title;
    m_layoutValid = false;
    m_page = 0;
    m_hovered = -1;
    update();
}

const GalleryLayout& DigitGallery::galleryLayout() {
    if (!m_layoutValid) {
        const QFontMetrics metrics(font());
        const QRectF area(6, metrics.lineSpacing() + 8, width() - 12,
                          height() - 2 * metrics.lineSpacing() - 14);
        m_layout =
            GalleryLayout(static_cast<int>(m_items.size()), area, 44, 64, metrics.lineSpacing());
        m_layoutValid = true;
    }
    return m_layout;
}

int DigitGallery::pages() {
    return galleryLayout().pages();
}

void DigitGallery::resizeEvent(QResizeEvent*) {
    m_layoutValid = false;
}

void DigitGallery::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), colours::kBackground);
    const QFontMetrics metrics(font());
    painter.setPen(colours::kMutedText);
    painter.drawText(QRectF(6, 4, width() - 12, metrics.lineSpacing()), Qt::AlignLeft,
                     metrics.elidedText(m_title, Qt::ElideRight, width() - 12));
    const GalleryLayout& grid = galleryLayout();
    const int first = m_page * grid.perPage();
    const int last = std::min(grid.count(), first + grid.perPage());
    QFont small = font();
    small.setPointSizeF(std::max(6.0, font().pointSizeF() * 0.85));
    painter.setFont(small);
    for (int i = first; i < last; ++i) {
        const Item& item = m_items[static_cast<std::size_t>(i)];
        const QRectF box = grid.mapRect(i, m_page);
        painter.drawImage(box, item.image);
        if (i == m_hovered) {
            painter.setPen(QPen(colours::kSelection, 2.0));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(box.adjusted(-1, -1, 1, 1));
        }
        painter.setPen(colours::kText);
        painter.drawText(
            QRectF(box.left() - 6, box.bottom() + 1, box.width() + 12, metrics.lineSpacing()),
            Qt::AlignHCenter | Qt::AlignTop, item.caption);
    }
    painter.setFont(font());
    if (grid.pages() > 1) {
        painter.setPen(colours::kMutedText);
        painter.drawText(
            QRectF(6, height() - metrics.lineSpacing() - 4, width() - 12, metrics.lineSpacing()),
            Qt::AlignRight,
            tr("page %1 of %2 · scroll for more").arg(m_page + 1).arg(grid.pages()));
    }
}

void DigitGallery::mouseMoveEvent(QMouseEvent* event) {
    const int hit = galleryLayout().hitTest(event->position(), m_page);
    if (hit == m_hovered) return;
    m_hovered = hit;
    setCursor(hit >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    update();
}

void DigitGallery::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
    const int hit = galleryLayout().hitTest(event->position(), m_page);
    if (hit >= 0) emit digitClicked(m_items[static_cast<std::size_t>(hit)].index);
}

void DigitGallery::wheelEvent(QWheelEvent* event) {
    if (pages() <= 1) return QWidget::wheelEvent(event);
    const int steps = event->angleDelta().y() / 120;
    m_page = std::clamp(m_page - steps, 0, pages() - 1);
    update();
    event->accept();
}

void DigitGallery::leaveEvent(QEvent*) {
    m_hovered = -1;
    update();
}

}  // namespace digitscope::ui
