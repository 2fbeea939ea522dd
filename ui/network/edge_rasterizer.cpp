#include "ui/network/edge_rasterizer.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace digitscope::ui {

void EdgeRasterizer::reset(QSize pixels) {
    m_width = std::max(0, pixels.width());
    m_height = std::max(0, pixels.height());
    m_light.setZero(2, static_cast<Eigen::Index>(m_width) * m_height);
    m_lit = QRect();
}

void EdgeRasterizer::clear() {
    for (int y = m_lit.top(); y <= m_lit.bottom(); ++y)
        m_light.middleCols(static_cast<Eigen::Index>(y) * m_width + m_lit.left(), m_lit.width())
            .setZero();
    m_lit = QRect();
}

void EdgeRasterizer::addLines(const std::vector<Line>& lines) {
    for (const Line& line : lines) {  // widen the lit rectangle; only it is composited
        const QRectF box = QRectF(line.a, line.b).normalized().adjusted(-2, -2, 2, 2);
        m_lit = m_lit.united(box.toAlignedRect()).intersected(QRect(0, 0, m_width, m_height));
    }
    for (const Line& line : lines) addLine(line, 0, m_height);
}

void EdgeRasterizer::addLine(const Line& line, int bandTop, int bandBottom) {
    // Walk the major axis one pixel column (or row) at a time; at each, cover the span
    // [c - half, c + half] of the minor axis with a box filter. Transposing y-major lines
    // lets one loop serve both, with the buffer's strides swapped.
    auto ax = static_cast<float>(line.a.x()), ay = static_cast<float>(line.a.y());
    auto bx = static_cast<float>(line.b.x()), by = static_cast<float>(line.b.y());
    int majorLow = 0, majorHigh = m_width;  // [low, high) of each axis inside the band
    float minorLow = static_cast<float>(bandTop), minorHigh = static_cast<float>(bandBottom);
    std::ptrdiff_t majorStride = 2, minorStride = 2 * static_cast<std::ptrdiff_t>(m_width);
    const bool steep = std::abs(by - ay) > std::abs(bx - ax);
    if (steep) {
        std::swap(ax, ay);
        std::swap(bx, by);
        majorLow = bandTop;
        majorHigh = bandBottom;
        minorLow = 0.0f;
        minorHigh = static_cast<float>(m_width);
        std::swap(majorStride, minorStride);
    }
    if (ax > bx) {
        std::swap(ax, bx);
        std::swap(ay, by);
    }
    const float run = bx - ax;
    const float slope = run > 1e-6f ? (by - ay) / run : 0.0f;
    // The perpendicular width, measured along the minor axis of a sloped line.
    const float half = 0.5f * std::max(1.0f, line.width) * std::sqrt(1 + slope * slope);
    const float ink = line.opacity * std::min(1.0f, line.width);
    float start = std::max(ax, static_cast<float>(majorLow)),
          end = std::min(bx, static_cast<float>(majorHigh) - 0.5f);
    if (!steep && slope != 0.0f) {
        // Only the columns where the line is within the band's rows.
        float x0 = ax + (minorLow - half - ay) / slope, x1 = ax + (minorHigh + half - ay) / slope;
        if (x0 > x1) std::swap(x0, x1);
        start = std::max(start, x0 - 1.0f);
        end = std::min(end, x1 + 1.0f);
    }
    if (start > end) return;
    const int first = static_cast<int>(std::floor(start));
    const int last = static_cast<int>(std::floor(end));
    float* light = m_light.data() + (line.positive ? 0 : 1);
    float centre = ay + (static_cast<float>(first) + 0.5f - ax) * slope;
    if (line.width <= 1.0f) {
        // Thin lines (nearly all of them): Wu's two pixels per step, shared by distance; the
        // sloped line's longer path per column is given back as ink.
        const float weight = ink * std::sqrt(1 + slope * slope);
        const int low = static_cast<int>(minorLow), high = static_cast<int>(minorHigh);
        for (int major = first; major <= last; ++major, centre += slope) {
            const float c = centre - 0.5f;
            const float below = std::floor(c);
            const int minor = static_cast<int>(below);
            const float share = c - below;
            float* pixel = light + major * majorStride + minor * minorStride;
            if (minor >= low && minor < high) *pixel += (1.0f - share) * weight;
            if (minor + 1 >= low && minor + 1 < high) pixel[minorStride] += share * weight;
        }
        return;
    }
    for (int major = first; major <= last; ++major, centre += slope) {
        const float lo = std::max(centre - half, minorLow), hi = std::min(centre + half, minorHigh);
        if (!(lo < hi)) continue;
        const int from = static_cast<int>(lo);  // lo >= 0: truncation is floor
        const int to = std::min(static_cast<int>(minorHigh) - 1, static_cast<int>(hi));
        float* pixel = light + major * majorStride + from * minorStride;
        for (int minor = from; minor <= to; ++minor, pixel += minorStride) {
            const float cover = std::min(hi, static_cast<float>(minor + 1)) -
                                std::max(lo, static_cast<float>(minor));
            *pixel += cover * ink;
        }
    }
}

void EdgeRasterizer::composite(QImage& image, const QColor& background, const QColor& positive,
                               const QColor& negative) const {
    // Light saturates softly (1 - e^-1.3x) towards each colour, never past it to white, so
    // dense bundles of edges stay blue or red. Through a table of each colour's share by
    // light level (steps of 1/64): two look-ups and an addition per pixel.
    constexpr int kSteps = 64, kLevels = 8 * kSteps;
    auto rgb = [](const QColor& c) {
        return Eigen::Array3f(static_cast<float>(c.red()), static_cast<float>(c.green()),
                              static_cast<float>(c.blue()));
    };
    const Eigen::Array3f base = rgb(background);
    // level x channel: how far each light level moves the background towards the colour.
    Eigen::Array<int, kLevels, 3> towardsPositive, towardsNegative;
    const Eigen::ArrayXf light =
        Eigen::ArrayXf::LinSpaced(kLevels, 0.0f, (kLevels - 1.0f) / kSteps);
    const Eigen::ArrayXf share = 1.0f - (light * -1.3f).exp();  // kLevels
    towardsPositive =
        (share.matrix() * (rgb(positive) - base).matrix().transpose()).array().round().cast<int>();
    towardsNegative =
        (share.matrix() * (rgb(negative) - base).matrix().transpose()).array().round().cast<int>();
    const int r0 = background.red(), g0 = background.green(), b0 = background.blue();
    auto level = [](float v) { return std::min(static_cast<int>(v * kSteps), kLevels - 1); };
    auto clamp = [](int v) { return std::clamp(v, 0, 255); };
    image.fill(background);
    for (int y = m_lit.top(); y <= m_lit.bottom(); ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        const float* p =
            m_light.data() + static_cast<std::ptrdiff_t>(2) * (y * m_width + m_lit.left());
        for (int x = m_lit.left(); x <= m_lit.right(); ++x, p += 2) {
            const int i = level(p[0]), j = level(p[1]);
            line[x] = qRgb(clamp(r0 + towardsPositive(i, 0) + towardsNegative(j, 0)),
                           clamp(g0 + towardsPositive(i, 1) + towardsNegative(j, 1)),
                           clamp(b0 + towardsPositive(i, 2) + towardsNegative(j, 2)));
        }
    }
}

void EdgeRasterizer::addOnto(QImage& image, QPoint origin, const QColor& positive,
                             const QColor& negative) const {
    const QRect area = m_lit.intersected(image.rect().translated(origin));
    const Eigen::Array3f plus(static_cast<float>(positive.red()),
                              static_cast<float>(positive.green()),
                              static_cast<float>(positive.blue()));
    const Eigen::Array3f minus(static_cast<float>(negative.red()),
                               static_cast<float>(negative.green()),
                               static_cast<float>(negative.blue()));
    auto add = [](int channel, float light) {
        return std::min(255, channel + static_cast<int>(light + 0.5f));
    };
    for (int y = area.top(); y <= area.bottom(); ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y - origin.y())) - origin.x();
        const float* p =
            m_light.data() + static_cast<std::ptrdiff_t>(2) * (y * m_width + area.left());
        for (int x = area.left(); x <= area.right(); ++x, p += 2) {
            if (p[0] == 0.0f && p[1] == 0.0f) continue;
            const Eigen::Array3f light = p[0] * plus + p[1] * minus;
            const QRgb old = line[x];
            line[x] = qRgb(add(qRed(old), light[0]), add(qGreen(old), light[1]),
                           add(qBlue(old), light[2]));
        }
    }
}

}  // namespace digitscope::ui
