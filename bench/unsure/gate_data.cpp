#include "bench/unsure/gate_data.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

#include "core/augment/restroke.h"
#include "core/input/pen.h"

namespace digitscope::bench {

bool fittedFamily(core::NonDigitFamily family) {
    using F = core::NonDigitFamily;
    switch (family) {
        case F::Star:
        case F::Wave:
        case F::Face:
        case F::RandomPolyline:
            return false;
        default:
            return true;
    }
}

int writerFold(const std::string& writer) {
    int number = 0;
    try {
        number = std::stoi(writer);
    } catch (const std::exception&) {
        number = 0;
    }
    if (number < 1 || std::to_string(number) != writer)
        throw std::invalid_argument("pen digits: unexpected writer '" + writer + "'");
    return (number - 1) % kFolds;
}

core::Dataset emptySet(const std::string& name) {
    core::Dataset set;
    set.name = name;
    return set;
}

void appendInput(core::Dataset& set, const Eigen::VectorXf& input, int label) {
    for (Eigen::Index i = 0; i < input.size(); ++i)
        set.pixels.push_back(
            static_cast<std::uint8_t>(std::lround(std::clamp(input(i), 0.0f, 1.0f) * 255.0f)));
    set.labels.push_back(static_cast<std::uint8_t>(label));
    ++set.count;
}

Eigen::MatrixXf floatsOf(const core::Dataset& set, std::int64_t begin, std::int64_t end) {
    Eigen::MatrixXf x(set.featureSize(), end - begin);
    for (std::int64_t i = begin; i < end; ++i)
        core::pixelsToFloats(set.image(i), set.featureSize(), x.col(i - begin).data());
    return x;
}

core::Drawing jittered(const core::Drawing& drawing, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    const auto uniform = [&](double a, double b) {
        return a + (b - a) * static_cast<double>(random() >> 11) * 0x1.0p-53;
    };
    double left = std::numeric_limits<double>::infinity(), top = left, right = -left,
           bottom = -left;
    for (const core::Stroke& stroke : drawing.strokes)
        for (const core::Point& p : stroke.points) {
            left = std::min(left, p.x), right = std::max(right, p.x);
            top = std::min(top, p.y), bottom = std::max(bottom, p.y);
        }
    const core::Point centre{(left + right) / 2, (top + bottom) / 2};
    const double size = std::max({right - left, bottom - top, 1.0});
    const double angle = uniform(-10, 10) * 3.14159265358979 / 180;
    const double slant = uniform(-0.25, 0.25);
    const double sx = std::exp(uniform(-0.15, 0.15)), sy = std::exp(uniform(-0.15, 0.15));
    const double c = std::cos(angle), s = std::sin(angle);
    core::Drawing out = drawing;
    for (core::Stroke& stroke : out.strokes)
        for (core::Point& p : stroke.points) {
            core::Point d = p - centre;
            d = {(d.x + slant * d.y) * sx, d.y * sy};
            d = {c * d.x - s * d.y, s * d.x + c * d.y};
            d = d + core::Point{uniform(-0.01, 0.01) * size, uniform(-0.01, 0.01) * size};
            p = centre + d;  // the pen path needs no canvas bounds: it crops to the ink
        }
    return out;
}

namespace {

// The angle between a stroke's ends and the vertical, in degrees.
double degreesFromVertical(const core::Stroke& stroke) {
    const core::Point d = stroke.points.back() - stroke.points.front();
    return std::atan2(std::abs(d.x), std::abs(d.y)) * 180 / 3.14159265358979;
}

core::Drawing plainDigit(int digit, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    const auto uniform = [&](double a, double b) {
        return a + (b - a) * static_cast<double>(random() >> 11) * 0x1.0p-53;
    };
    constexpr double kDegree = 3.14159265358979 / 180;
    core::Drawing drawing;  // 400 x 400, pen 18
    core::Stroke stroke;
    const core::Point centre{200, 200};
    const double height = uniform(150, 330);
    if (digit == 1) {
        const double angle = uniform(-30, 30) * kDegree;
        const core::Point half{std::sin(angle) * height / 2, std::cos(angle) * height / 2};
        for (int i = 0; i <= 40; ++i) stroke.points.push_back(centre - half + half * (i / 20.0));
    } else if (digit == 0) {
        const double width = height * uniform(0.45, 1.0), tilt = uniform(-20, 20) * kDegree;
        const double sweep = 2 * 3.14159265358979 + uniform(0, 0.3);
        for (int i = 0; i <= 60; ++i) {
            const double a = -3.14159265358979 / 2 - sweep * i / 60;
            const core::Point p{width / 2 * std::cos(a), height / 2 * std::sin(a)};
            stroke.points.push_back(centre +
                                    core::Point{std::cos(tilt) * p.x - std::sin(tilt) * p.y,
                                                std::sin(tilt) * p.x + std::cos(tilt) * p.y});
        }
    } else {  // 7
        const double bar = height * uniform(0.5, 0.8), lean = height * uniform(0.0, 0.45);
        const core::Point topLeft = centre + core::Point{-bar / 2, -height / 2};
        const core::Point topRight = topLeft + core::Point{bar, uniform(-0.05, 0.05) * height};
        const core::Point foot = topRight + core::Point{-lean, height};
        for (int i = 0; i <= 20; ++i)
            stroke.points.push_back(topLeft + (topRight - topLeft) * (i / 20.0));
        for (int i = 1; i <= 40; ++i)
            stroke.points.push_back(topRight + (foot - topRight) * (i / 40.0));
    }
    drawing.strokes.push_back(std::move(stroke));
    drawing.label = digit;
    return jittered(drawing, seed ^ 0x5bd1e995);
}

}  // namespace

core::Drawing lookalikeDigit(int digit, std::uint64_t seed) {
    // A 1 the jitter turned more than 40 degrees from vertical is drawn again (another stream):
    // between 40 and 50 degrees a stroke is neither a clear 1 nor one of the generator's lines.
    for (std::uint64_t attempt = 0;; ++attempt) {
        core::Drawing drawing = plainDigit(digit, seed + attempt * 0x9e3779b97f4a7c15ULL);
        if (digit != 1 || degreesFromVertical(drawing.strokes.front()) <= 40) return drawing;
    }
}

void appendNonDigits(core::Dataset& set, core::NonDigitFamily family, std::uint64_t firstSeed,
                     int count, int label) {
    for (int i = 0; i < count; ++i)
        appendInput(set, core::networkInput(core::makeNonDigit(family, firstSeed + i)), label);
}

void appendMnist(core::Dataset& set, const core::Dataset& source, std::int64_t begin,
                 std::int64_t end, bool restroked, int label) {
    std::vector<float> image(static_cast<std::size_t>(source.featureSize()));
    for (std::int64_t i = begin; i < end; ++i) {
        core::pixelsToFloats(source.image(i), source.featureSize(), image.data());
        if (restroked)
            appendInput(set, core::restroke(image.data(), source.rows, source.cols), label);
        else
            appendInput(set, Eigen::Map<const Eigen::VectorXf>(image.data(), source.featureSize()),
                        label);
    }
}

void appendPenDigits(core::Dataset& set, const std::vector<core::Drawing>& pen, int fold,
                     bool inFold, int jitteredCopies, int label) {
    for (std::size_t i = 0; i < pen.size(); ++i) {
        if (fold >= 0 && (writerFold(pen[i].writer) == fold) != inFold) continue;
        appendInput(set, core::networkInput(pen[i]), label);
        for (int copy = 1; copy <= jitteredCopies; ++copy)
            appendInput(set, core::networkInput(jittered(pen[i], i * 100 + copy)), label);
    }
}

}  // namespace digitscope::bench
