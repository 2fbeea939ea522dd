#include "bench/drawn/drawn_digit_views.h"

#include <QPainter>
#include <QPolygonF>
#include <algorithm>
#include <cstdio>
#include <map>

#include "core/data/idx_reader.h"
#include "core/input/pen.h"
#include "session/canvas/stroke_rasterizer.h"

namespace digitscope::bench {
namespace {

// input: 784 values in [0, 1], row-major. Magnified 3x, nearest neighbour: pixels stay visible.
QImage inputImage(const Eigen::VectorXf& input) {
    QImage image(28, 28, QImage::Format_Grayscale8);
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x)
            image.scanLine(y)[x] =
                static_cast<uchar>(std::clamp(input(y * 28 + x), 0.0f, 1.0f) * 255);
    return image.scaled(84, 84);
}

QImage digitImage(const core::Dataset& test, std::int64_t index) {
    return QImage(test.image(index), test.cols, test.rows, test.cols, QImage::Format_Grayscale8)
        .copy();
}

double quantile(const std::vector<double>& sorted, double q) {
    return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))];
}

}  // namespace

core::Dataset readTestSet(const QString& folder) {
    const std::filesystem::path dir = folder.toStdString();
    return core::IdxReader::readTestSet(dir);
}

Trace traceDigit(const core::Dataset& test, std::int64_t index) {
    return bestTrace(test.image(index), test.cols, test.rows);
}

QString widthBucket(double width) {
    for (const double edge : {0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0})
        if (width < edge) return QStringLiteral("< %1 px").arg(edge);
    return QStringLiteral(">= 6 px");
}

QImage contactSheet(const std::vector<ui::Drawing>& drawings,
                    const std::vector<DrawnSample>& samples, const std::vector<std::size_t>& chosen,
                    const std::vector<int>& predicted, const core::Dataset& test) {
    constexpr int kThumb = 150, kCellW = 84 + kThumb + 84 + 24, kCellH = kThumb + 22, kColumns = 4;
    const auto rows = std::max<int>(1, static_cast<int>((chosen.size() + kColumns - 1) / kColumns));
    QImage sheet(kColumns * kCellW, rows * kCellH, QImage::Format_RGB32);
    sheet.fill(QColor(40, 40, 48));
    QPainter painter(&sheet);
    painter.setFont(QFont("DejaVu Sans", 8));
    for (std::size_t k = 0; k < chosen.size(); ++k) {
        const std::size_t i = chosen[k];
        const DrawnSample& s = samples[i];
        const QPoint cell(static_cast<int>(k % kColumns) * kCellW,
                          static_cast<int>(k / kColumns) * kCellH);
        painter.drawImage(cell + QPoint(4, 4), digitImage(test, s.mnistIndex).scaled(84, 84));
        const QImage canvas = ui::StrokeRasterizer::render(drawings[i]);
        const QImage thumb =
            canvas.scaled(kThumb, kThumb, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        painter.setPen(QColor(120, 120, 140));
        painter.drawRect(QRect(cell + QPoint(92, 4), thumb.size()).adjusted(-1, -1, 0, 0));
        painter.drawImage(cell + QPoint(92, 4), thumb);
        painter.drawImage(cell + QPoint(100 + kThumb, 4),
                          inputImage(ui::StrokeRasterizer::networkInput(canvas)));
        QString caption = QStringLiteral("#%1 %2  h %3 pen %4 in %5px")
                              .arg(i)
                              .arg(s.label)
                              .arg(s.pose.heightFraction, 0, 'f', 2)
                              .arg(s.pose.penWidth, 0, 'f', 0)
                              .arg(s.pose.inputStrokeWidth, 0, 'f', 1);
        if (i < predicted.size()) caption += QStringLiteral("  -> %1").arg(predicted[i]);
        painter.setPen(Qt::white);
        painter.drawText(cell + QPoint(4, kThumb + 17), caption);
    }
    return sheet;
}

QImage traceSheet(const core::Dataset& test, const std::vector<std::int64_t>& indices,
                  std::vector<double>& overlaps) {
    constexpr int kZoom = 6, kCell = 28 * kZoom + 4, kColumns = 10;
    const int count = std::max(1, static_cast<int>(indices.size()));
    QImage sheet(kColumns * kCell, (count + kColumns - 1) / kColumns * kCell, QImage::Format_RGB32);
    sheet.fill(QColor(40, 40, 48));
    QPainter painter(&sheet);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setFont(QFont("DejaVu Sans", 8));
    for (int i = 0; i < static_cast<int>(indices.size()); ++i) {
        const std::int64_t index = indices[static_cast<std::size_t>(i)];
        const QPoint corner(i % kColumns * kCell + 2, i / kColumns * kCell + 2);
        painter.drawImage(corner, digitImage(test, index).scaled(28 * kZoom, 28 * kZoom));
        const Trace trace = traceDigit(test, index);
        overlaps.push_back(trace.overlap);
        for (const ui::Stroke& stroke : trace.strokes) {
            QPolygonF line;
            for (const core::Point& p : stroke.points) line << corner + ui::toQPointF(p) * kZoom;
            painter.setPen(QPen(QColor(230, 40, 40), 2));
            painter.drawPolyline(line);
            painter.setPen(QPen(QColor(40, 200, 255), 6, Qt::SolidLine, Qt::RoundCap));
            painter.drawPoint(line.front());
        }
        painter.setPen(Qt::yellow);
        painter.drawText(corner + QPoint(2, 12), QStringLiteral("#%1 level %2 IoU %3")
                                                     .arg(index)
                                                     .arg(trace.level)
                                                     .arg(trace.overlap, 0, 'f', 2));
    }
    return sheet;
}

void printThickness(const std::vector<ui::Drawing>& drawings,
                    const std::vector<DrawnSample>& samples, const core::Dataset& test,
                    std::ostream& out) {
    std::map<QString, std::vector<double>> widths, peaks;
    for (std::int64_t i = 0; i < std::min<std::int64_t>(test.count, 2000); ++i) {
        double mass = 0, peak = 0;
        for (int p = 0; p < test.featureSize(); ++p) {
            mass += test.image(i)[p] / 255.0;
            peak = std::max(peak, test.image(i)[p] / 255.0);
        }
        widths["MNIST test"].push_back(mass / strokeLength(traceDigit(test, i).strokes));
        peaks["MNIST test"].push_back(peak);
    }
    // A drawing's strokes reach the input scaled by inputStrokeWidth / penWidth.
    for (std::size_t i = 0; i < drawings.size(); ++i) {
        const Eigen::VectorXf input = core::networkInput(drawings[i]);
        const HandPose& pose = samples[i].pose;
        const double scale = pose.inputStrokeWidth / pose.penWidth;
        const QString key = "drawn, nominal " + widthBucket(pose.inputStrokeWidth);
        widths[key].push_back(input.sum() / (strokeLength(drawings[i].strokes) * scale));
        peaks[key].push_back(input.maxCoeff());
    }
    out << "| digits | count | stroke width in the 28x28 input (p10 / median / p90) | "
           "brightest pixel (median) |\n| --- | ---: | --- | ---: |\n";
    for (auto& [key, w] : widths) {
        std::vector<double>& peak = peaks[key];
        std::sort(w.begin(), w.end());
        std::sort(peak.begin(), peak.end());
        char line[200];
        std::snprintf(line, sizeof line, "| %s | %zu | %.2f / %.2f / %.2f px | %.2f |\n",
                      key.toUtf8().constData(), w.size(), quantile(w, 0.1), quantile(w, 0.5),
                      quantile(w, 0.9), quantile(peak, 0.5));
        out << line;
    }
}

}  // namespace digitscope::bench
