#include "ui/canvas/stroke_file.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <cstdio>

#include "core/errors.h"

namespace digitscope::ui {
namespace {

constexpr qint64 kMaxFileBytes = 256LL << 20;

double requireNumber(const QJsonObject& object, const char* key, const std::string& where) {
    const QJsonValue value = object.value(QLatin1String(key));
    if (!value.isDouble())
        throw std::runtime_error(where + "'" + key + "' is missing or not a number");
    return value.toDouble();
}

Drawing parseLine(const QByteArray& line, const std::string& where) {
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError)
        throw std::runtime_error(where + "malformed JSON (" + error.errorString().toStdString() +
                                 " at offset " + std::to_string(error.offset) + ")");
    if (!document.isObject()) throw std::runtime_error(where + "expected a JSON object");
    const QJsonObject object = document.object();
    Drawing drawing;
    const double width = requireNumber(object, "width", where);
    const double height = requireNumber(object, "height", where);
    const double pen = requireNumber(object, "pen_width", where);
    auto validSide = [](double side) {
        return std::isfinite(side) && side >= 1 && side <= StrokeFile::kMaxCanvasSide &&
               side == std::floor(side);
    };
    if (!validSide(width) || !validSide(height))
        throw std::runtime_error(where + "canvas must be 1 to " +
                                 std::to_string(StrokeFile::kMaxCanvasSide) +
                                 " whole pixels on each side");
    if (!std::isfinite(pen) || pen <= 0 || pen > std::max(width, height))
        throw std::runtime_error(where + "pen_width must be positive and within the canvas");
    drawing.canvasSize = QSize(static_cast<int>(width), static_cast<int>(height));
    drawing.penWidth = pen;

    const QJsonValue strokes = object.value(QLatin1String("strokes"));
    if (!strokes.isArray()) throw std::runtime_error(where + "'strokes' is missing or not a list");
    std::size_t points = 0;
    for (const QJsonValue& strokeValue : strokes.toArray()) {
        if (!strokeValue.isArray())
            throw std::runtime_error(where + "each stroke must be a list of [x, y] points");
        Stroke stroke;
        for (const QJsonValue& pointValue : strokeValue.toArray()) {
            const QJsonArray pair = pointValue.toArray();
            if (!pointValue.isArray() || pair.size() != 2 || !pair[0].isDouble() ||
                !pair[1].isDouble())
                throw std::runtime_error(where + "a point must be [x, y] with two numbers");
            const double x = pair[0].toDouble();
            const double y = pair[1].toDouble();
            if (!std::isfinite(x) || !std::isfinite(y) || x < 0 || y < 0 || x > width || y > height)
                throw std::runtime_error(where + "point [" + std::to_string(x) + ", " +
                                         std::to_string(y) + "] lies outside the canvas");
            stroke.points.emplace_back(x, y);
            if (++points > static_cast<std::size_t>(StrokeFile::kMaxPoints))
                throw std::runtime_error(where + "more than " +
                                         std::to_string(StrokeFile::kMaxPoints) + " points");
        }
        if (!stroke.points.empty()) drawing.strokes.push_back(std::move(stroke));
    }
    if (drawing.strokes.empty()) throw std::runtime_error(where + "the drawing has no strokes");
    return drawing;
}

}  // namespace

std::vector<Drawing> StrokeFile::parse(const QByteArray& text, const QString& source) {
    std::vector<Drawing> drawings;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty()) continue;
        const std::string where = "line " + std::to_string(i + 1) + ": ";
        try {
            drawings.push_back(parseLine(line, where));
        } catch (const std::runtime_error& error) {
            throw core::FileError(source.toStdString(), error.what());
        }
    }
    if (drawings.empty()) throw core::FileError(source.toStdString(), "holds no drawings");
    return drawings;
}

std::vector<Drawing> StrokeFile::read(const QString& path) {
    QFile file;
    const bool standardInput = path == QLatin1String("-");
    const bool opened = standardInput ? file.open(stdin, QIODevice::ReadOnly)
                                      : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened)
        throw core::FileError(path.toStdString(),
                              "cannot open: " + file.errorString().toStdString());
    const QByteArray text = file.read(kMaxFileBytes + 1);
    if (text.size() > kMaxFileBytes)
        throw core::FileError(path.toStdString(), "larger than 256 MiB");
    return parse(text, standardInput ? QStringLiteral("<stdin>") : path);
}

QByteArray StrokeFile::toJsonLine(const Drawing& drawing) {
    QJsonArray strokes;
    for (const Stroke& stroke : drawing.strokes) {
        QJsonArray points;
        for (const QPointF& p : stroke.points) points.append(QJsonArray{p.x(), p.y()});
        strokes.append(points);
    }
    const QJsonObject object{{"width", drawing.canvasSize.width()},
                             {"height", drawing.canvasSize.height()},
                             {"pen_width", drawing.penWidth},
                             {"strokes", strokes}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

}  // namespace digitscope::ui
