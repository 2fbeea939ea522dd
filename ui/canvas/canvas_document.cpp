#include "ui/canvas/canvas_document.h"

#include <QLineF>
#include <algorithm>
#include <stdexcept>
#include <utility>

#include "core/pen.h"

namespace digitscope::ui {

CanvasDocument::CanvasDocument(QSize canvasSize, double penWidth) : m_layer(canvasSize, 1.0) {
    if (canvasSize.isEmpty()) throw std::invalid_argument("CanvasDocument: empty canvas size");
    m_drawing.width = canvasSize.width();
    m_drawing.height = canvasSize.height();
    m_drawing.penWidth = std::clamp(penWidth, kMinPenWidth, kMaxPenWidth);
}

QPointF CanvasDocument::clamped(QPointF point) const {
    return {std::clamp(point.x(), 0.0, static_cast<double>(m_drawing.width)),
            std::clamp(point.y(), 0.0, static_cast<double>(m_drawing.height))};
}

QRect CanvasDocument::beginStroke(QPointF point) {
    if (m_stroking) endStroke();
    m_sample.reset();
    m_drawing.strokes.push_back(Stroke{{toPoint(clamped(point))}});
    m_history.push_back(Edit{});
    m_stroking = true;
    return m_layer.paintCurrent(m_drawing.strokes.back(), m_drawing.penWidth);
}

QRect CanvasDocument::extendStroke(QPointF point) {
    if (!m_stroking) return {};
    Stroke& stroke = m_drawing.strokes.back();
    const QPointF p = clamped(point);
    if (QLineF(toQPointF(stroke.points.back()), p).length() < 0.5) return {};
    stroke.points.push_back(toPoint(p));
    return m_layer.paintCurrent(stroke, m_drawing.penWidth);
}

void CanvasDocument::endStroke() {
    if (!m_stroking) return;
    m_stroking = false;
    m_layer.commitCurrent();
}

bool CanvasDocument::undo() {
    if (m_history.empty()) return false;
    Edit edit = std::move(m_history.back());
    m_history.pop_back();
    m_stroking = false;
    if (edit.cleared) {
        m_sample.reset();  // a sample shown after the clear gives way to the strokes again
        m_drawing.strokes = std::move(edit.strokes);
    } else if (!m_drawing.strokes.empty()) {
        m_drawing.strokes.pop_back();
    }
    rerender();
    return true;
}

bool CanvasDocument::clear() {
    if (isEmpty()) return false;
    m_stroking = false;
    m_sample.reset();
    if (!m_drawing.strokes.empty())
        m_history.push_back(Edit{true, std::exchange(m_drawing.strokes, {})});
    rerender();
    return true;
}

bool CanvasDocument::setPenWidth(double width) {
    width = std::clamp(width, kMinPenWidth, kMaxPenWidth);
    if (width == m_drawing.penWidth) return false;
    // One pen width per drawing (as the --strokes format has it): every stroke takes it.
    m_drawing.penWidth = width;
    rerender();
    return true;
}

void CanvasDocument::showSample(const Eigen::VectorXf& pixels, const QString& caption) {
    if (pixels.size() != 28 * 28)
        throw std::invalid_argument("CanvasDocument::showSample: expected 784 pixels");
    m_stroking = false;
    if (!m_drawing.strokes.empty())  // undo brings the drawing back
        m_history.push_back(Edit{true, std::exchange(m_drawing.strokes, {})});
    rerender();
    m_sample = pixels.cwiseMax(0.0f).cwiseMin(1.0f);
    m_sampleCaption = caption;
}

Eigen::VectorXf CanvasDocument::networkInput() const {
    if (m_sample) return *m_sample;
    return core::networkInput(m_drawing);
}

void CanvasDocument::rerender() {
    if (m_stroking) {
        Drawing finished = m_drawing;
        finished.strokes.pop_back();
        m_layer.reset(finished, m_drawing.strokes.back());
    } else {
        m_layer.reset(m_drawing);
    }
}

}  // namespace digitscope::ui
