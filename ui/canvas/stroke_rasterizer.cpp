#include "ui/canvas/stroke_rasterizer.h"

#include <QPainter>
#include <QPainterPath>
#include <QTransform>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/preprocess.h"

namespace digitscope::ui {

QImage StrokeRasterizer::render(const Drawing& drawing) {
    QImage image(drawing.canvasSize, QImage::Format_Grayscale8);
    image.fill(Qt::black);
    for (const Stroke& stroke : drawing.strokes) paintStroke(image, stroke, drawing.penWidth);
    return image;
}

void StrokeRasterizer::paintStroke(QImage& image, const Stroke& stroke, double penWidth) {
    if (stroke.points.empty() || image.isNull()) return;
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing, true);
    QPen pen(Qt::white, penWidth, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    painter.setPen(pen);
    if (stroke.points.size() == 1) {
        // A tap: a round dot of the pen's width.
        painter.setPen(Qt::NoPen);
        painter.setBrush(Qt::white);
        painter.drawEllipse(stroke.points.front(), penWidth / 2, penWidth / 2);
        return;
    }
    QPainterPath path(stroke.points.front());
    for (std::size_t i = 1; i < stroke.points.size(); ++i) path.lineTo(stroke.points[i]);
    painter.drawPath(path);
}

Eigen::VectorXf StrokeRasterizer::grayLevels(const QImage& image) {
    const QImage gray = image.format() == QImage::Format_Grayscale8
                            ? image
                            : image.convertToFormat(QImage::Format_Grayscale8);
    Eigen::VectorXf levels(static_cast<Eigen::Index>(gray.width()) * gray.height());
    for (int y = 0; y < gray.height(); ++y) {
        const uchar* line = gray.constScanLine(y);
        for (int x = 0; x < gray.width(); ++x)
            levels(static_cast<Eigen::Index>(y) * gray.width() + x) = line[x] / 255.0f;
    }
    return levels;
}

Eigen::VectorXf StrokeRasterizer::networkInput(const QImage& image) {
    // Transparent pixels count as paper: composite over white first, then decide from the
    // border whether the ink is dark on light paper (a scan) or light on dark (MNIST, canvas).
    QImage opaque = image;
    if (image.hasAlphaChannel()) {
        opaque = QImage(image.size(), QImage::Format_RGB32);
        opaque.fill(Qt::white);
        QPainter painter(&opaque);
        painter.drawImage(0, 0, image);
    }
    Eigen::VectorXf levels = grayLevels(opaque);
    const int w = image.width();
    const int h = image.height();
    double border = 0;
    for (int x = 0; x < w; ++x)
        border += levels(x) + levels(static_cast<Eigen::Index>(h - 1) * w + x);
    for (int y = 0; y < h; ++y)
        border += levels(static_cast<Eigen::Index>(y) * w) +
                  levels(static_cast<Eigen::Index>(y) * w + w - 1);
    if (border / (2.0 * (w + h)) > 0.5) levels = 1.0f - levels.array();
    return core::preprocess({levels.data(), w, h});
}

QImage StrokeRasterizer::renderForNetwork(const Drawing& drawing, double* minInkPixels) {
    double left = std::numeric_limits<double>::infinity(), top = left;
    double right = -left, bottom = -left;
    for (const Stroke& stroke : drawing.strokes)
        for (const QPointF& p : stroke.points) {
            left = std::min(left, p.x()), right = std::max(right, p.x());
            top = std::min(top, p.y()), bottom = std::max(bottom, p.y());
        }
    if (!(right >= left && bottom >= top)) return {};
    // Ink side = the points' side + the pen, and the pen = kPenShare * the ink side. Below the
    // minimum extent (a dot, a tiny scribble) the pen is that of a drawing of minimum size.
    const double minExtent = double(core::PreprocessSettings{}.minInkFraction) *
                             std::min(drawing.canvasSize.width(), drawing.canvasSize.height());
    const double inkSide =
        std::max(std::max(right - left, bottom - top) / (1 - kPenShare), minExtent);
    const double pen = kPenShare * inkSide;
    const double scale = kNetworkResolution / inkSide;  // image pixels per canvas pixel
    constexpr int kMargin = 2;
    const QSize size(static_cast<int>(std::ceil((right - left + pen) * scale)) + 2 * kMargin,
                     static_cast<int>(std::ceil((bottom - top + pen) * scale)) + 2 * kMargin);
    QImage image(size, QImage::Format_Grayscale8);
    image.fill(Qt::black);
    // The points are mapped rather than the painter transformed, so paintStroke stays the one
    // place that knows how a stroke is drawn.
    QTransform transform;
    transform.translate(kMargin + 0.5 * pen * scale, kMargin + 0.5 * pen * scale);
    transform.scale(scale, scale);
    transform.translate(-left, -top);
    for (const Stroke& stroke : drawing.strokes) {
        Stroke mapped;
        mapped.points.reserve(stroke.points.size());
        for (const QPointF& p : stroke.points) mapped.points.push_back(transform.map(p));
        paintStroke(image, mapped, pen * scale);
    }
    if (minInkPixels) *minInkPixels = minExtent * scale;
    return image;
}

Eigen::VectorXf StrokeRasterizer::networkInput(const Drawing& drawing) {
    double minInkPixels = 0;
    const QImage image = renderForNetwork(drawing, &minInkPixels);
    if (image.isNull()) return Eigen::VectorXf::Zero(28 * 28);
    const Eigen::VectorXf levels = grayLevels(image);
    core::PreprocessSettings settings;
    settings.minInkPixels = static_cast<float>(minInkPixels);
    return core::preprocess({levels.data(), image.width(), image.height()}, settings);
}

}  // namespace digitscope::ui
