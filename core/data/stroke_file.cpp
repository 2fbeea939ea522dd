#include "core/data/stroke_file.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

using Json = nlohmann::json;

// A problem on one line; parse() adds the file's name.
struct LineError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

double requireNumber(const Json& object, const char* key) {
    const auto found = object.find(key);
    if (found == object.end() || !found->is_number())
        throw LineError(std::string("'") + key + "' is missing or not a number");
    return found->get<double>();
}

std::string formatNumber(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

// A coordinate on a canvas side of `side` pixels: clamped when it lies at most one canvas size
// outside, refused beyond that (such a point is not a slip of the pen but a wrong file).
double clampCoordinate(double value, double side, double x, double y) {
    if (!std::isfinite(value) || value < -side || value > 2 * side)
        throw LineError("point [" + formatNumber(x) + ", " + formatNumber(y) +
                        "] lies far outside the canvas or is not a number");
    return std::clamp(value, 0.0, side);
}

// A digit kept as the image the network read (Drawing::image): 784 whole numbers 0-255 on a
// 28 x 28 canvas, and no strokes.
void parseImage(const Json& image, const Json& object, Drawing& drawing) {
    if (drawing.width != Drawing::kImageSide || drawing.height != Drawing::kImageSide)
        throw LineError("an 'image' drawing has a 28 x 28 canvas");
    if (const auto strokes = object.find("strokes");
        strokes != object.end() && !(strokes->is_array() && strokes->empty()))
        throw LineError("a drawing has 'strokes' or an 'image', not both");
    if (!image.is_array() || image.size() != std::size_t(Drawing::kImagePixels))
        throw LineError("'image' must be a list of 784 gray levels (28 x 28, row-major)");
    drawing.image.reserve(std::size_t(Drawing::kImagePixels));
    for (const Json& value : image) {
        if (!value.is_number_integer() || value.get<long long>() < 0 ||
            value.get<long long>() > 255)
            throw LineError("'image' values must be whole numbers from 0 to 255");
        drawing.image.push_back(static_cast<std::uint8_t>(value.get<int>()));
    }
}

Drawing parseLine(std::string_view line, const StrokeFile::Options& options) {
    Json object;
    try {
        object = Json::parse(line);
    } catch (const Json::exception& error) {
        // parse_error for bad syntax, out_of_range for a number too large for a double.
        throw LineError(std::string("malformed JSON (") + error.what() + ")");
    }
    if (!object.is_object()) throw LineError("expected a JSON object");
    Drawing drawing;
    const double width = requireNumber(object, "width");
    const double height = requireNumber(object, "height");
    const double pen = requireNumber(object, "pen_width");
    const auto validSide = [](double side) {
        return std::isfinite(side) && side >= 1 && side <= StrokeFile::kMaxCanvasSide &&
               side == std::floor(side);
    };
    if (!validSide(width) || !validSide(height))
        throw LineError("canvas must be 1 to " + std::to_string(StrokeFile::kMaxCanvasSide) +
                        " whole pixels on each side");
    if (!std::isfinite(pen) || pen <= 0 || pen > std::max(width, height))
        throw LineError("pen_width must be positive and within the canvas");
    drawing.width = static_cast<int>(width);
    drawing.height = static_cast<int>(height);
    drawing.penWidth = pen;

    if (const auto label = object.find("label"); label != object.end()) {
        if (!label->is_number_integer() || label->get<long long>() < 0 ||
            label->get<long long>() > 9)
            throw LineError("'label' must be a whole number from 0 to 9");
        drawing.label = label->get<int>();
    } else if (options.requireLabels) {
        throw LineError("'label' is missing (a stroke dataset labels every drawing)");
    }
    if (const auto writer = object.find("writer"); writer != object.end()) {
        if (writer->is_string())
            drawing.writer = writer->get<std::string>();
        else if (writer->is_number_integer())
            drawing.writer = std::to_string(writer->get<long long>());
        else
            throw LineError("'writer' must be a string or a whole number");
        if (drawing.writer.size() > 200) throw LineError("'writer' is longer than 200 characters");
    }

    if (const auto image = object.find("image"); image != object.end()) {
        parseImage(*image, object, drawing);
        return drawing;
    }
    const auto strokes = object.find("strokes");
    if (strokes == object.end() || !strokes->is_array())
        throw LineError("'strokes' is missing or not a list");
    std::size_t points = 0;
    for (const Json& strokeValue : *strokes) {
        if (!strokeValue.is_array()) throw LineError("each stroke must be a list of [x, y] points");
        Stroke stroke;
        for (const Json& point : strokeValue) {
            if (!point.is_array() || point.size() != 2 || !point[0].is_number() ||
                !point[1].is_number())
                throw LineError("a point must be [x, y] with two numbers");
            const double x = point[0].get<double>();
            const double y = point[1].get<double>();
            stroke.points.push_back(
                {clampCoordinate(x, width, x, y), clampCoordinate(y, height, x, y)});
            if (++points > static_cast<std::size_t>(StrokeFile::kMaxPoints))
                throw LineError("more than " + std::to_string(StrokeFile::kMaxPoints) + " points");
        }
        if (!stroke.points.empty()) drawing.strokes.push_back(std::move(stroke));
    }
    if (drawing.strokes.empty()) throw LineError("the drawing has no strokes");
    return drawing;
}

struct GzCloser {
    void operator()(gzFile file) const { gzclose(file); }
};

}  // namespace

std::vector<Drawing> StrokeFile::parse(std::string_view text, const std::string& source,
                                       Options options) {
    std::vector<Drawing> drawings;
    std::size_t lineNumber = 0;
    for (std::size_t start = 0; start <= text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++lineNumber;
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string_view::npos) continue;
        line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
        try {
            drawings.push_back(parseLine(line, options));
        } catch (const LineError& error) {
            throw FileError(source, "line " + std::to_string(lineNumber) + ": " + error.what());
        }
    }
    if (drawings.empty()) throw FileError(source, "holds no drawings");
    return drawings;
}

std::vector<Drawing> StrokeFile::read(const std::string& path, Options options) {
    const bool standardInput = path == "-";
    // gzopen reads plain files as they are, so one reader takes both.
    std::unique_ptr<gzFile_s, GzCloser> file(standardInput ? gzdopen(dup(0), "rb")
                                                           : gzopen(path.c_str(), "rb"));
    if (!file) throw FileError(path, "cannot open");
    std::string text;
    char buffer[1 << 16];
    for (;;) {
        const int got = gzread(file.get(), buffer, sizeof buffer);
        if (got < 0) throw FileError(path, "cannot read (corrupt gzip data?)");
        if (got == 0) break;
        text.append(buffer, static_cast<std::size_t>(got));
        if (static_cast<long long>(text.size()) > kMaxFileBytes)
            throw FileError(path, "larger than 256 MiB");
    }
    return parse(text, standardInput ? "<stdin>" : path, options);
}

std::string StrokeFile::toJsonLine(const Drawing& drawing) {
    Json strokes = Json::array();
    for (const Stroke& stroke : drawing.strokes) {
        Json points = Json::array();
        for (const Point& p : stroke.points) points.push_back({p.x, p.y});
        strokes.push_back(std::move(points));
    }
    nlohmann::ordered_json object{
        {"width", drawing.width}, {"height", drawing.height}, {"pen_width", drawing.penWidth}};
    if (drawing.label >= 0) object["label"] = drawing.label;
    if (!drawing.writer.empty()) object["writer"] = drawing.writer;
    if (drawing.isImage())
        object["image"] = drawing.image;
    else
        object["strokes"] = std::move(strokes);
    return object.dump();
}

}  // namespace digitscope::core
