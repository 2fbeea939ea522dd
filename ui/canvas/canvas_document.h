#pragma once

#include <Eigen/Core>
#include <QImage>
#include <QRect>
#include <QString>
#include <optional>
#include <vector>

#include "session/canvas/drawing.h"
#include "ui/canvas/stroke_layer.h"

namespace digitscope::ui {

// What the drawing canvas holds, without the widget: the strokes, their image at the user's
// pen (the one shown; the network reads the strokes, see networkInput), undo, and the "MNIST
// sample" mode in which a 28 x 28 image is shown instead of strokes and fed to the network as it
// is. Coordinates are logical canvas pixels.
class CanvasDocument {
public:
    explicit CanvasDocument(QSize canvasSize = {400, 400}, double penWidth = 18.0);

    // Every stroke, including the one in progress (the last, while isStroking()).
    const Drawing& drawing() const { return m_drawing; }
    // The drawing rendered as StrokeRasterizer::render would: Grayscale8, ink white on black.
    const QImage& image() const { return m_layer.image(); }
    QSize canvasSize() const { return ui::canvasSize(m_drawing); }
    double penWidth() const { return m_drawing.penWidth; }

    bool isEmpty() const { return m_drawing.isEmpty() && !m_sample; }
    bool isStroking() const { return m_stroking; }
    bool canUndo() const { return !m_history.empty(); }

    // Stroke editing. Points are clamped to the canvas (so the drawing is a valid --strokes
    // file); a point within half a pixel of the last one is dropped. A gap a fast move left
    // between two points is filled with points on a smooth curve (StrokeSmoother) once the
    // point after it is known, or at the end of the stroke. Each returns the canvas rectangle
    // whose pixels changed (empty when none did).
    QRect beginStroke(QPointF point);
    QRect extendStroke(QPointF point);
    QRect endStroke();

    // Undoes the last edit: a stroke, or a clear (which brings its strokes back). False when
    // there was nothing to undo.
    bool undo();
    bool clear();                    // false when it was already empty; undoable
    bool setPenWidth(double width);  // re-renders every stroke; false when unchanged

    // Shows a 28 x 28 image (row-major, ink = 1) in place of the strokes; drawing a stroke or
    // clearing leaves this mode. pixels: 784 values in [0, 1].
    void showSample(const Eigen::VectorXf& pixels, const QString& caption);
    bool hasSample() const { return m_sample.has_value(); }
    const Eigen::VectorXf& sample() const { return *m_sample; }  // only when hasSample()
    const QString& sampleCaption() const { return m_sampleCaption; }

    // What the canvas holds as one drawing, to teach or keep: the strokes, or the sample as an
    // image drawing (core::imageDrawing: the 28 x 28 values the network reads, in 1/255 steps).
    Drawing content() const;

    // The network's 28 x 28 input, row-major: the sample as it is, or the strokes through
    // core::networkInput (pen normalised to the drawing's size, as the CLI and training do).
    Eigen::VectorXf networkInput() const;

    static constexpr double kMinPenWidth = 4.0;
    static constexpr double kMaxPenWidth = 60.0;

private:
    QPointF clamped(QPointF point) const;
    // Fills the gap between the last two samples (see extendStroke); after: the sample after
    // it, or null at the end of the stroke. Returns the area the curve changed.
    QRect smoothLastGap(const core::Point* after);
    void rerender();

    // One entry per undoable edit, newest last: a stroke added (no strokes kept) or the strokes a
    // clear removed.
    struct Edit {
        bool cleared = false;
        std::vector<Stroke> strokes;
    };

    Drawing m_drawing;
    std::vector<Edit> m_history;
    StrokeLayer m_layer;
    bool m_stroking = false;
    std::vector<core::Point> m_samples;  // of the stroke in progress, as the pointer gave them
    std::optional<Eigen::VectorXf> m_sample;
    QString m_sampleCaption;
};

}  // namespace digitscope::ui
