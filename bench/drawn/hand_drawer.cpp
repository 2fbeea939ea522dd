#include "bench/drawn/hand_drawer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace digitscope::bench {
namespace {

constexpr std::array<QSize, 3> kCanvases{QSize(400, 400), QSize(600, 400), QSize(400, 600)};
constexpr double kMinPointSpacing = 1.5;  // canvas px between points, as mouse moves arrive

struct Box {
    double left = 1e300, top = 1e300, right = -1e300, bottom = -1e300;
    void add(QPointF p) {
        left = std::min(left, p.x());
        right = std::max(right, p.x());
        top = std::min(top, p.y());
        bottom = std::max(bottom, p.y());
    }
    QPointF centre() const { return {(left + right) / 2, (top + bottom) / 2}; }
};

}  // namespace

QString HandPose::aspectName() const {
    if (canvas.width() > canvas.height()) return QStringLiteral("landscape");
    if (canvas.width() < canvas.height()) return QStringLiteral("portrait");
    return QStringLiteral("square");
}

QString HandPose::sizeBucket() const {
    if (heightFraction < 0.4) return QStringLiteral("small");
    if (heightFraction < 0.7) return QStringLiteral("medium");
    return QStringLiteral("large");
}

QString HandPose::penBucket() const {
    const double per400 = penWidth * 400.0 / std::min(canvas.width(), canvas.height());
    if (per400 < 10) return QStringLiteral("thin");
    if (per400 < 20) return QStringLiteral("medium");
    return QStringLiteral("fat");
}

DrawnDigit HandDrawer::draw(const std::vector<ui::Stroke>& strokes, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::normal_distribution<double> normal(0.0, 1.0);
    auto uniform = [&](double from, double to) { return from + (to - from) * unit(rng); };

    HandPose pose;
    pose.canvas = kCanvases[std::uniform_int_distribution<std::size_t>(0, 2)(rng)];
    const double width = pose.canvas.width();
    const double height = pose.canvas.height();
    const double shorterSide = std::min(width, height);
    pose.heightFraction = uniform(kMinHeightFraction, kMaxHeightFraction);
    pose.penWidth = shorterSide / 400 * kMinPen * std::pow(kMaxPen / kMinPen, unit(rng));
    pose.rotationDegrees = std::clamp(5 * normal(rng), -12.0, 12.0);
    pose.shear = std::clamp(0.08 * normal(rng), -0.2, 0.2);
    pose.widthScale = std::exp(std::clamp(0.1 * normal(rng), -0.25, 0.25));

    // The hand in MNIST units (the digit is ~20 px tall there): each stroke a little offset
    // and wobbling slowly along its length, then slant, width and rotation about the centre.
    Box source;
    for (const ui::Stroke& stroke : strokes)
        for (const core::Point& p : stroke.points) source.add(ui::toQPointF(p));
    const QPointF centre = source.centre();
    const double angle = pose.rotationDegrees * std::numbers::pi / 180;
    std::vector<std::vector<QPointF>> shaped;
    Box shape;
    for (const ui::Stroke& stroke : strokes) {
        const QPointF offset(0.3 * normal(rng), 0.3 * normal(rng));
        const double amplitude = uniform(0.1, 0.4);
        const double waveX = uniform(15, 40), waveY = uniform(15, 40);
        const double phaseX = uniform(0, 2 * std::numbers::pi);
        const double phaseY = uniform(0, 2 * std::numbers::pi);
        std::vector<QPointF> points;
        double along = 0;
        for (std::size_t i = 0; i < stroke.points.size(); ++i) {
            if (i > 0) {
                const QPointF d = ui::toQPointF(stroke.points[i] - stroke.points[i - 1]);
                along += std::hypot(d.x(), d.y());
            }
            const QPointF wobble(std::sin(2 * std::numbers::pi * along / waveX + phaseX),
                                 std::sin(2 * std::numbers::pi * along / waveY + phaseY));
            QPointF p = ui::toQPointF(stroke.points[i]) - centre + offset + amplitude * wobble;
            p.setX((p.x() + pose.shear * p.y()) * pose.widthScale);
            p = QPointF(p.x() * std::cos(angle) - p.y() * std::sin(angle),
                        p.x() * std::sin(angle) + p.y() * std::cos(angle));
            shape.add(p);
            points.push_back(p);
        }
        shaped.push_back(std::move(points));
    }

    // Size: the ink (points plus half a pen on each side) is heightFraction of the canvas
    // height, unless it would then be wider than the canvas.
    const double shapeWidth = std::max(shape.right - shape.left, 0.5);
    const double shapeHeight = std::max(shape.bottom - shape.top, 0.5);
    const double inkHeight = pose.heightFraction * height;
    pose.penWidth = std::min(pose.penWidth, kMaxPenToHeight * inkHeight);
    double scale = (inkHeight - pose.penWidth) / shapeHeight;
    if (shapeWidth * scale + pose.penWidth > 0.98 * width)
        scale = (0.98 * width - pose.penWidth) / shapeWidth;
    const double inkW = shapeWidth * scale + pose.penWidth;
    const double inkH = shapeHeight * scale + pose.penWidth;
    pose.heightFraction = inkH / height;
    pose.inputStrokeWidth = pose.penWidth * 20 / std::max({inkW, inkH, 0.12 * shorterSide});
    const QPointF origin(uniform(0, width - inkW) + pose.penWidth / 2 - shape.left * scale,
                         uniform(0, height - inkH) + pose.penWidth / 2 - shape.top * scale);

    DrawnDigit result;
    result.pose = pose;
    result.drawing.width = pose.canvas.width();
    result.drawing.height = pose.canvas.height();
    result.drawing.penWidth = std::round(pose.penWidth * 10) / 10;
    for (const std::vector<QPointF>& points : shaped) {
        ui::Stroke stroke;
        for (std::size_t i = 0; i < points.size(); ++i) {
            const QPointF p = origin + points[i] * scale;
            const QPointF q(std::clamp(std::round(p.x() * 10) / 10, 0.0, width),
                            std::clamp(std::round(p.y() * 10) / 10, 0.0, height));
            const bool last = i + 1 == points.size();
            if (!stroke.points.empty() && !last) {
                const QPointF d = q - ui::toQPointF(stroke.points.back());
                if (std::hypot(d.x(), d.y()) < kMinPointSpacing) continue;
            }
            stroke.points.push_back(ui::toPoint(q));
        }
        result.drawing.strokes.push_back(std::move(stroke));
    }
    return result;
}

}  // namespace digitscope::bench
