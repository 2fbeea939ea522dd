#include "session/canvas/stroke_rasterizer.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

#include "core/input/preprocess.h"

namespace digitscope::ui {

QImage StrokeRasterizer::render(const Drawing& drawing) {
    QImage image(canvasSize(drawing), QImage::Format_Grayscale8);
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
        painter.drawEllipse(toQPointF(stroke.points.front()), penWidth / 2, penWidth / 2);
        return;
    }
    QPainterPath path(toQPointF(stroke.points.front()));
    for (std::size_t i = 1; i < stroke.points.size(); ++i) path.lineTo(toQPointF(stroke.points[i]));
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

}  // namespace digitscope::ui
