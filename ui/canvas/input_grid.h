#pragma once

#include <Eigen/Core>
#include <QWidget>

namespace digitscope::ui {

// The network's 28 x 28 input as enlarged pixels with hard edges: what the network "sees" of
// the drawing after cropping, scaling and centring. Hovering a pixel shows its value.
class InputGrid : public QWidget {
    Q_OBJECT
public:
    explicit InputGrid(QWidget* parent = nullptr);

    // input: side * side values in [0, 1], row-major (ink = 1). Other sizes clear the grid.
    void setInput(const Eigen::VectorXf& input);
    const Eigen::VectorXf& input() const { return m_input; }
    void clear();
    // What a tooltip at `position` says: the pixel under it with its value, else what the grid
    // is. Qt's tooltip event asks it too, so the pixel's text is not replaced after ~0.7 s by a
    // widget-wide one.
    QString toolTipAt(QPoint position) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return width; }

    static constexpr int kSide = 28;

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QRect gridRect() const;           // square, whole pixels per cell, centred
    int pixelAt(QPoint point) const;  // index of the pixel under `point`, or -1

    Eigen::VectorXf m_input;
    int m_hovered = -1;  // pixel index under the mouse
};

}  // namespace digitscope::ui
