#include "ui/canvas/input_grid.h"

#include <QHelpEvent>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace digitscope::ui {
namespace {

const QColor kPaper(0x14, 0x17, 0x1d);
const QColor kInk(0xf6, 0xf3, 0xec);

QRgb shade(float value) {
    const double t = std::clamp(static_cast<double>(value), 0.0, 1.0);
    auto mix = [t](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * t)); };
    return qRgb(mix(kPaper.red(), kInk.red()), mix(kPaper.green(), kInk.green()),
                mix(kPaper.blue(), kInk.blue()));
}

// The faint line between cells: the cell's colour lifted a little towards white.
QRgb lighter(QRgb c) {
    auto lift = [](int v) { return v + (255 - v) * 14 / 255; };
    return qRgb(lift(qRed(c)), lift(qGreen(c)), lift(qBlue(c)));
}

}  // namespace

InputGrid::InputGrid(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    clear();
}

QSize InputGrid::sizeHint() const {
    return {kSide * 6, kSide * 6};
}
QSize InputGrid::minimumSizeHint() const {
    return {kSide * 3, kSide * 3};
}

void InputGrid::clear() {
    m_input = Eigen::VectorXf::Zero(kSide * kSide);
    update();
}

void InputGrid::setInput(const Eigen::VectorXf& input) {
    if (input.size() != kSide * kSide) return clear();
    m_input = input;
    update();
}

QRect InputGrid::gridRect() const {
    const int cell = std::max(1, std::min(width(), height()) / kSide);
    const int side = cell * kSide;
    return {(width() - side) / 2, (height() - side) / 2, side, side};
}

void InputGrid::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QRect grid = gridRect();
    const int cell = grid.width() / kSide;
    // The enlarged pixels are written directly, with faint lines between cells when they are
    // big enough, and blitted unscaled: crisp at any size, and cheap enough to redo every
    // frame while the user draws (scaling a 28 x 28 image through QPainter is not).
    const bool lines = cell >= 5;
    const qreal dpr = devicePixelRatioF();
    const int side = static_cast<int>(std::lround(grid.width() * dpr));
    QImage pixels(side, side, QImage::Format_RGB32);
    std::array<QRgb, kSide * kSide> colours{};
    for (int i = 0; i < kSide * kSide; ++i)
        colours[static_cast<std::size_t>(i)] = shade(m_input(i));
    const double perCell = static_cast<double>(side) / kSide;
    std::vector<int> cellOf(static_cast<std::size_t>(side));
    std::vector<bool> edge(static_cast<std::size_t>(side));
    for (int p = 0; p < side; ++p) {
        cellOf[static_cast<std::size_t>(p)] = std::min(kSide - 1, static_cast<int>(p / perCell));
        edge[static_cast<std::size_t>(p)] =
            lines && p > 0 &&
            cellOf[static_cast<std::size_t>(p)] !=
                std::min(kSide - 1, static_cast<int>((p - 1) / perCell));
    }
    for (int y = 0; y < side; ++y) {
        auto* line = reinterpret_cast<QRgb*>(pixels.scanLine(y));
        const QRgb* row = colours.data() + cellOf[static_cast<std::size_t>(y)] * kSide;
        const bool rowEdge = edge[static_cast<std::size_t>(y)];
        for (int x = 0; x < side; ++x) {
            const QRgb c = row[cellOf[static_cast<std::size_t>(x)]];
            line[x] = rowEdge || edge[static_cast<std::size_t>(x)] ? lighter(c) : c;
        }
    }
    pixels.setDevicePixelRatio(dpr);
    painter.drawImage(grid.topLeft(), pixels);
    if (m_hovered >= 0) {
        painter.setPen(QPen(QColor(0xf5, 0xa6, 0x23), 1));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(grid.left() + (m_hovered % kSide) * cell,
                         grid.top() + (m_hovered / kSide) * cell, cell - 1, cell - 1);
    }
    painter.setPen(QColor(0x2c, 0x32, 0x3c));
    painter.drawRect(grid.adjusted(0, 0, -1, -1));
}

int InputGrid::pixelAt(QPoint point) const {
    const QRect grid = gridRect();
    const int cell = grid.width() / kSide;
    if (!grid.contains(point) || cell <= 0) return -1;
    const QPoint p = point - grid.topLeft();
    return std::min(p.y() / cell, kSide - 1) * kSide + std::min(p.x() / cell, kSide - 1);
}

QString InputGrid::toolTipAt(QPoint position) const {
    const int pixel = pixelAt(position);
    if (pixel < 0) return tr("The 28 × 28 pixels the network sees");
    return tr("pixel (%1, %2): %3")
        .arg(pixel % kSide)
        .arg(pixel / kSide)
        .arg(static_cast<double>(m_input(pixel)), 0, 'f', 2);
}

bool InputGrid::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        QToolTip::showText(help->globalPos(), toolTipAt(help->pos()), this);
        return true;
    }
    return QWidget::event(event);
}

void InputGrid::mouseMoveEvent(QMouseEvent* event) {
    const QPoint point = event->position().toPoint();
    const int hovered = pixelAt(point);
    if (hovered == m_hovered) return;
    m_hovered = hovered;
    update();
    if (hovered >= 0) QToolTip::showText(event->globalPosition().toPoint(), toolTipAt(point), this);
}

void InputGrid::leaveEvent(QEvent*) {
    m_hovered = -1;
    update();
}

}  // namespace digitscope::ui
