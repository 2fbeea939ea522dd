#pragma once

#include <Eigen/Core>
#include <QColor>
#include <QElapsedTimer>
#include <QImage>
#include <QKeyEvent>
#include <QTimer>
#include <QTransform>
#include <QWidget>
#include <array>
#include <optional>

#include "session/canvas/drawing.h"
#include "ui/canvas/canvas_document.h"
#include "ui/canvas/stroke_layer.h"

namespace digitscope::ui {

// The square the user draws in (shown at any square size; the drawing is kept in canvas pixels),
// with the mouse, a pen (tablet) or a finger, as in Qt's scribble example: strokes are painted into
// an image and only the dirty rectangle is repainted. The network's input comes from the
// logical-size image (CanvasDocument); the screen gets its own image at the device pixel ratio, so
// strokes stay sharp on high-DPI screens. Changes are announced at most once a frame, and within a
// frame of each segment.
class DrawingCanvas : public QWidget {
    Q_OBJECT
public:
    explicit DrawingCanvas(QSize canvasSize = QSize(400, 400), QWidget* parent = nullptr);

    const CanvasDocument& document() const { return m_document; }
    const Drawing& drawing() const { return m_document.drawing(); }
    double penWidth() const { return m_document.penWidth(); }
    bool isEmpty() const { return m_document.isEmpty(); }
    bool canUndo() const { return m_document.canUndo(); }
    // The 28 x 28 input the network sees now (row-major, ink = 1).
    Eigen::VectorXf networkInput() const { return m_document.networkInput(); }

    // Announces a pending change now instead of at the next frame (tests, benchmarks).
    void flushPendingChange();
    bool hasPendingChange() const { return m_emitTimer.isActive(); }

    // The square the drawing is shown in (widget pixels): the largest that fits, at the top.
    QRect canvasRect() const;
    const QImage& overlay() const { return m_overlay; }
    QSize sizeHint() const override;

    // The keys that act on the drawing: 0-9 (the person says which digit it is), Esc, Delete
    // and Backspace (clear). Ctrl+Z is the window's Undo action.
    static bool isCanvasKey(const QKeyEvent& event);

    static constexpr int kFrameMilliseconds = 16;
    static constexpr int kMinimumSide = 200;

public slots:
    void clear();
    void undo();
    void setPenWidth(double width);
    // Shows a 28 x 28 image (784 values in [0, 1], ink = 1) scaled up, fed to the network as
    // it is; drawing a stroke or clearing returns to drawing.
    void showSample(const Eigen::VectorXf& pixels, const QString& caption);
    // An image painted over the drawing, mapped by toCanvas from its pixels to canvas pixels
    // (the Explain dock's contributions); a null image paints none.
    void setOverlay(const QImage& image, const QTransform& toCanvas);

signals:
    // The network input changed: input is 784 values, row-major (28 x 28).
    void inputChanged(const Eigen::VectorXf& input);
    // The drawing changed (strokes, pen width); carries the current stroke while drawing.
    void drawingChanged(const Drawing& drawing);
    void penWidthChanged(double width);
    // A key 0-9 while the canvas has focus: the person says which digit this drawing is.
    void digitKeyPressed(int digit);

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void tabletEvent(QTabletEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void strokeBegan(QPointF point);
    void strokeMoved(QPointF point);
    void strokeEnded();
    void contentReplaced();  // everything changed (undo, clear, pen width, sample)
    void refreshDisplay(const QRect& logicalRect);
    double viewScale() const;                          // widget pixels per canvas pixel
    QRect widgetRect(const QRect& logicalRect) const;  // canvas pixels -> widget pixels
    void ensureDisplayResolution();
    void resetScreenLayer();  // needs m_screenLayer
    void scheduleChange();
    void emitChange();

    CanvasDocument m_document;
    std::optional<StrokeLayer> m_screenLayer;  // only when the device pixel ratio is not 1
    QImage m_display;                          // what is on screen, in colour, device pixels
    double m_displayScale = 1.0;               // device pixels per canvas pixel in m_display
    std::array<QRgb, 256> m_palette{};         // gray level -> screen colour
    QTimer m_emitTimer;
    QElapsedTimer m_sinceEmit;
    QImage m_overlay;
    QTransform m_overlayToCanvas;
};

}  // namespace digitscope::ui
