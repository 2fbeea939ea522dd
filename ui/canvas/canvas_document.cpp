#include "ui/canvas/canvas_document.h"

#include <QLineF>
#include <QRectF>
#include <algorithm>
#include <stdexcept>
#include <utility>

#include "core/input/pen.h"
#include "ui/canvas/stroke_smoother.h"

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
    m_samples = {m_drawing.strokes.back().points.front()};
    m_history.push_back(Edit{});
    m_stroking = true;
    return m_layer.paintCurrent(m_drawing.strokes.back(), m_drawing.penWidth);
}

QRect CanvasDocument::extendStroke(QPointF point) {
    if (!m_stroking) return {};
    Stroke& stroke = m_drawing.strokes.back();
    const QPointF p = clamped(point);
    if (QLineF(toQPointF(stroke.points.back()), p).length() < 0.5) return {};
    const core::Point sample = toPoint(p);
    const QRect curve = smoothLastGap(&sample);
    m_samples.push_back(sample);
    stroke.points.push_back(sample);
    return m_layer.paintCurrent(stroke, m_drawing.penWidth) | curve;
}

QRect CanvasDocument::endStroke() {
    if (!m_stroking) return {};
    QRect dirty = smoothLastGap(nullptr);
    if (!dirty.isEmpty())
        dirty |= m_layer.paintCurrent(m_drawing.strokes.back(), m_drawing.penWidth);
    m_stroking = false;
    m_samples.clear();
    m_layer.commitCurrent();
    return dirty;
}

QRect CanvasDocument::smoothLastGap(const core::Point* after) {
    const std::size_t n = m_samples.size();
    if (n < 2) return {};
    std::vector<core::Point> curve = StrokeSmoother::between(
        n >= 3 ? &m_samples[n - 3] : nullptr, m_samples[n - 2], m_samples[n - 1], after);
    if (curve.empty()) return {};
    double left = std::min(m_samples[n - 2].x, m_samples[n - 1].x), right = left;
    double top = std::min(m_samples[n - 2].y, m_samples[n - 1].y), bottom = top;
    right = std::max(m_samples[n - 2].x, m_samples[n - 1].x);
    bottom = std::max(m_samples[n - 2].y, m_samples[n - 1].y);
    for (core::Point& point : curve) {
        point = toPoint(clamped(toQPointF(point)));
        left = std::min(left, point.x);
        right = std::max(right, point.x);
        top = std::min(top, point.y);
        bottom = std::max(bottom, point.y);
    }
    // The gap's last sample is the stroke's last point: the curve goes in before it.
    std::vector<core::Point>& points = m_drawing.strokes.back().points;
    points.insert(points.end() - 1, curve.begin(), curve.end());
    const double margin = m_drawing.penWidth / 2 + 2;
    return QRectF(QPointF(left - margin, top - margin), QPointF(right + margin, bottom + margin))
        .toAlignedRect();
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

Drawing CanvasDocument::content() const {
    if (m_sample) return core::imageDrawing(*m_sample);
    return m_drawing;
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
