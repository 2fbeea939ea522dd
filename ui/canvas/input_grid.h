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

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return width; }

    static constexpr int kSide = 28;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QRect gridRect() const;  // square, whole pixels per cell, centred

    Eigen::VectorXf m_input;
    int m_hovered = -1;  // pixel index under the mouse
};

}  // namespace digitscope::ui
