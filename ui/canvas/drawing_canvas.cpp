#include "ui/canvas/drawing_canvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTabletEvent>
#include <QTouchEvent>
#include <algorithm>
#include <cmath>

#include "ui/common/headline_font.h"

namespace digitscope::ui {
namespace {

const QColor kPaper(0x14, 0x17, 0x1d);
const QColor kInk(0xf6, 0xf3, 0xec);
const QColor kBorder(0x2c, 0x32, 0x3c);
const QColor kHint(0x7b, 0x84, 0x93);

QRect deviceRect(const QRect& logical, double dpr) {
    return QRectF(logical.x() * dpr, logical.y() * dpr, logical.width() * dpr,
                  logical.height() * dpr)
        .toAlignedRect();
}

}  // namespace

DrawingCanvas::DrawingCanvas(QSize canvasSize, QWidget* parent)
    : QWidget(parent), m_document(canvasSize) {
    // Shown as the largest square that fits (canvasRect); the drawing stays in canvas pixels.
    setMinimumSize(kMinimumSide, kMinimumSide);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    resize(canvasSize);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAttribute(Qt::WA_AcceptTouchEvents);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::CrossCursor);
    setToolTip(
        tr("Draw a digit. Esc or Delete clears, Ctrl+Z undoes the last stroke or the clear."));
    for (int level = 0; level < 256; ++level) {
        const double t = level / 255.0;
        auto mix = [t](int paper, int ink) {
            return static_cast<int>(std::lround(paper + (ink - paper) * t));
        };
        m_palette[static_cast<std::size_t>(level)] =
            qRgb(mix(kPaper.red(), kInk.red()), mix(kPaper.green(), kInk.green()),
                 mix(kPaper.blue(), kInk.blue()));
    }
    m_emitTimer.setSingleShot(true);
    m_emitTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_emitTimer, &QTimer::timeout, this, &DrawingCanvas::emitChange);
}

// --- editing -------------------------------------------------------------------------------

void DrawingCanvas::clear() {
    if (!m_document.clear()) return;
    contentReplaced();
}

void DrawingCanvas::undo() {
    if (!m_document.undo()) return;
    contentReplaced();
}

void DrawingCanvas::setPenWidth(double width) {
    if (!m_document.setPenWidth(width)) return;
    contentReplaced();
    emit penWidthChanged(m_document.penWidth());
}

void DrawingCanvas::setOverlay(const QImage& image, const QTransform& toCanvas) {
    m_overlay = image;
    m_overlayToCanvas = toCanvas;
    update();
}

void DrawingCanvas::showSample(const Eigen::VectorXf& pixels, const QString& caption) {
    m_document.showSample(pixels, caption);
    contentReplaced();
}

void DrawingCanvas::strokeBegan(QPointF point) {
    ensureDisplayResolution();
    point = (point - canvasRect().topLeft()) / viewScale();
    const bool wholeCanvas = m_document.isEmpty() || m_document.hasSample();
    const QRect dirty = m_document.beginStroke(point);
    if (wholeCanvas) {
        contentReplaced();  // the hint or the sample goes away
        return;
    }
    if (m_screenLayer) m_screenLayer->paintCurrent(m_document.drawing().strokes.back(), penWidth());
    refreshDisplay(dirty);
    scheduleChange();
}

void DrawingCanvas::strokeMoved(QPointF point) {
    if (!m_document.isStroking()) return;
    point = (point - canvasRect().topLeft()) / viewScale();
    QRect dirty = m_document.extendStroke(point);
    if (dirty.isEmpty()) return;
    if (m_screenLayer) {
        const double dpr = m_screenLayer->scale();
        const QRect device =
            m_screenLayer->paintCurrent(m_document.drawing().strokes.back(), penWidth());
        dirty |=
            QRectF(device.x() / dpr, device.y() / dpr, device.width() / dpr, device.height() / dpr)
                .toAlignedRect();
    }
    refreshDisplay(dirty);
    scheduleChange();
}

void DrawingCanvas::strokeEnded() {
    if (!m_document.isStroking()) return;
    const QRect dirty = m_document.endStroke();  // the last gap's curve, if any
    if (m_screenLayer) {
        if (!dirty.isEmpty())
            m_screenLayer->paintCurrent(m_document.drawing().strokes.back(), penWidth());
        m_screenLayer->commitCurrent();
    }
    if (!dirty.isEmpty()) refreshDisplay(dirty);
    scheduleChange();
}

void DrawingCanvas::contentReplaced() {
    if (m_screenLayer) resetScreenLayer();
    refreshDisplay(QRect(QPoint(0, 0), m_document.canvasSize()));
    update();
    scheduleChange();
}

// --- the screen image ------------------------------------------------------------------------

QRect DrawingCanvas::canvasRect() const {
    const int side = std::min(width(), height());
    return {(width() - side) / 2, 0, side, side};
}

QSize DrawingCanvas::sizeHint() const {
    return m_document.canvasSize();
}

double DrawingCanvas::viewScale() const {
    return static_cast<double>(canvasRect().width()) / m_document.canvasSize().width();
}

QRect DrawingCanvas::widgetRect(const QRect& logicalRect) const {
    return deviceRect(logicalRect, viewScale())
        .translated(canvasRect().topLeft())
        .adjusted(-1, -1, 1, 1);
}

void DrawingCanvas::ensureDisplayResolution() {
    // The screen image has a pixel per device pixel: canvas pixels x view scale x DPR.
    const double dpr = devicePixelRatioF();
    const double scale = dpr * viewScale();
    if (!m_display.isNull() && m_display.devicePixelRatio() == dpr && m_displayScale == scale)
        return;
    const QSize logical = m_document.canvasSize();
    m_display = QImage(deviceRect(QRect(QPoint(0, 0), logical), scale).size(),
                       QImage::Format_ARGB32_Premultiplied);
    m_display.setDevicePixelRatio(dpr);
    m_displayScale = scale;
    if (scale == 1.0) {
        m_screenLayer.reset();
    } else {
        m_screenLayer.emplace(logical, scale);
        resetScreenLayer();
    }
    refreshDisplay(QRect(QPoint(0, 0), logical));
}

void DrawingCanvas::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (!m_display.isNull()) ensureDisplayResolution();
}

// The high-DPI layer from the document: finished strokes, and the one being drawn apart.
void DrawingCanvas::resetScreenLayer() {
    Drawing finished = m_document.drawing();
    Stroke current;
    if (m_document.isStroking()) {
        current = finished.strokes.back();
        finished.strokes.pop_back();
    }
    m_screenLayer->reset(finished, current);
}

void DrawingCanvas::refreshDisplay(const QRect& logicalRect) {
    if (m_display.isNull()) {
        ensureDisplayResolution();  // calls back here for the whole canvas
        update(widgetRect(logicalRect));
        return;
    }
    const QRect area = deviceRect(logicalRect, m_displayScale).intersected(m_display.rect());
    if (m_document.hasSample()) {
        // A 28 x 28 image, enlarged with hard pixel edges so it reads as MNIST's pixels.
        QImage small(28, 28, QImage::Format_RGB32);
        const Eigen::VectorXf& pixels = m_document.sample();
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x) {
                const int level =
                    std::clamp(static_cast<int>(std::lround(pixels(y * 28 + x) * 255.0f)), 0, 255);
                small.setPixel(x, y, m_palette[static_cast<std::size_t>(level)]);
            }
        QPainter painter(&m_display);
        painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
        painter.drawImage(QRectF(QPointF(0, 0), QSizeF(canvasRect().size())), small);
    } else {
        const QImage& gray = m_screenLayer ? m_screenLayer->image() : m_document.image();
        for (int y = area.top(); y <= area.bottom(); ++y) {
            const uchar* from = gray.constScanLine(y);
            auto* to = reinterpret_cast<QRgb*>(m_display.scanLine(y));
            for (int x = area.left(); x <= area.right(); ++x) to[x] = m_palette[from[x]];
        }
    }
    update(widgetRect(logicalRect));
}

void DrawingCanvas::paintEvent(QPaintEvent* event) {
    ensureDisplayResolution();
    QPainter painter(this);
    const QRect square = canvasRect();
    if (square != rect()) {  // beside the square: the window's background
        const QRegion outside = QRegion(event->rect()).subtracted(QRegion(square));
        for (const QRect& r : outside) painter.fillRect(r, palette().window());
    }
    const QRect dirty = event->rect().intersected(square).translated(-square.topLeft());
    const double dpr = m_display.devicePixelRatio();
    painter.translate(square.topLeft());
    painter.drawImage(
        QRectF(dirty), m_display,
        QRectF(dirty.x() * dpr, dirty.y() * dpr, dirty.width() * dpr, dirty.height() * dpr));
    if (!m_overlay.isNull()) {
        painter.save();
        painter.setTransform(m_overlayToCanvas * QTransform::fromScale(viewScale(), viewScale()) *
                             painter.transform());
        painter.drawImage(QRectF(QPointF(0, 0), QSizeF(m_overlay.size())), m_overlay);
        painter.restore();
    }
    painter.setRenderHint(QPainter::Antialiasing);
    const QRect area(QPoint(0, 0), square.size());
    if (m_document.isEmpty()) {
        painter.setPen(kHint);
        const QFont normal = painter.font();
        painter.setFont(headlineFont(normal, false));  // the verdict's size
        painter.drawText(area.adjusted(0, 0, 0, -24), Qt::AlignCenter, tr("Draw a digit here"));
        painter.setFont(normal);
        painter.drawText(area.adjusted(0, 40, 0, 0), Qt::AlignCenter,
                         tr("Esc clears  ·  Ctrl+Z undoes"));
    } else if (m_document.hasSample() && !m_document.sampleCaption().isEmpty()) {
        const QFontMetrics metrics(painter.font());
        const QString caption = m_document.sampleCaption();
        QRectF pill(10, area.height() - metrics.height() - 22,
                    metrics.horizontalAdvance(caption) + 20, metrics.height() + 10);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0, 0, 0, 170));
        painter.drawRoundedRect(pill, 6, 6);
        painter.setPen(kInk);
        painter.drawText(pill, Qt::AlignCenter, caption);
    }
    painter.setPen(QPen(hasFocus() ? kHint : kBorder, 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(area).adjusted(0.5, 0.5, -0.5, -0.5));
}

// --- input events ----------------------------------------------------------------------------

void DrawingCanvas::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
    strokeBegan(event->position());
}

void DrawingCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (!(event->buttons() & Qt::LeftButton)) return QWidget::mouseMoveEvent(event);
    strokeMoved(event->position());
}

void DrawingCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mouseReleaseEvent(event);
    strokeMoved(event->position());
    strokeEnded();
}

void DrawingCanvas::tabletEvent(QTabletEvent* event) {
    // Accepting the pen's events keeps Qt from synthesising mouse events from them too.
    switch (event->type()) {
        case QEvent::TabletPress:
            strokeBegan(event->position());
            break;
        case QEvent::TabletMove:
            if (event->pressure() > 0 || event->buttons() != Qt::NoButton)
                strokeMoved(event->position());
            break;
        case QEvent::TabletRelease:
            strokeMoved(event->position());
            strokeEnded();
            break;
        default:
            return QWidget::tabletEvent(event);
    }
    event->accept();
}

bool DrawingCanvas::event(QEvent* event) {
    switch (event->type()) {
        case QEvent::TouchBegin:
        case QEvent::TouchUpdate:
        case QEvent::TouchEnd:
        case QEvent::TouchCancel: {
            // One finger draws; the first touch point is the pen. Its global position is
            // mapped here, as it is set however the event was delivered.
            auto* touch = static_cast<QTouchEvent*>(event);
            if (touch->points().isEmpty()) return true;
            const QPointF position = mapFromGlobal(touch->points().first().globalPosition());
            if (event->type() == QEvent::TouchBegin) {
                strokeBegan(position);
            } else if (event->type() == QEvent::TouchUpdate) {
                strokeMoved(position);
            } else {
                if (event->type() == QEvent::TouchEnd) strokeMoved(position);
                strokeEnded();
            }
            event->accept();
            return true;
        }
        case QEvent::FocusIn:
        case QEvent::FocusOut:
            update();
            break;
        default:
            break;
    }
    return QWidget::event(event);
}

namespace {

bool isClearKey(const QKeyEvent& event) {
    return event.key() == Qt::Key_Escape || event.key() == Qt::Key_Delete ||
           event.key() == Qt::Key_Backspace;
}

bool isDigitKey(const QKeyEvent& event) {
    return event.key() >= Qt::Key_0 && event.key() <= Qt::Key_9 &&
           !(event.modifiers() & (Qt::ControlModifier | Qt::AltModifier));
}

}  // namespace

bool DrawingCanvas::isCanvasKey(const QKeyEvent& event) {
    return isClearKey(event) || isDigitKey(event);
}

void DrawingCanvas::keyPressEvent(QKeyEvent* event) {
    if (isClearKey(*event)) {
        clear();
    } else if (event->matches(QKeySequence::Undo)) {
        undo();
    } else if (isDigitKey(*event)) {
        emit digitKeyPressed(event->key() - Qt::Key_0);
    } else {
        QWidget::keyPressEvent(event);
    }
}

// --- announcing changes ------------------------------------------------------------------------

void DrawingCanvas::scheduleChange() {
    if (m_emitTimer.isActive()) return;  // coalesced into the pending announcement
    const qint64 since = m_sinceEmit.isValid() ? m_sinceEmit.elapsed() : kFrameMilliseconds;
    m_emitTimer.start(static_cast<int>(std::max<qint64>(0, kFrameMilliseconds - since)));
}

void DrawingCanvas::flushPendingChange() {
    if (!m_emitTimer.isActive()) return;
    m_emitTimer.stop();
    emitChange();
}

void DrawingCanvas::emitChange() {
    emit inputChanged(m_document.networkInput());
    emit drawingChanged(m_document.drawing());
    // A frame from the end of this update to the start of the next: however long the
    // prediction takes, drawing keeps most of each frame.
    m_sinceEmit.restart();
}

}  // namespace digitscope::ui
