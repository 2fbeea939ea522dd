#include "core/augment/restroke.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "core/base/errors.h"
#include "core/input/pen.h"
#include "core/input/preprocess.h"

namespace digitscope::core {
namespace {

// A binary image with a one-pixel zero border, so neighbour reads never leave it.
struct Binary {
    int width = 0;  // including the border
    int height = 0;
    std::vector<std::uint8_t> ink;

    Binary(int w, int h) : width(w + 2), height(h + 2), ink(std::size_t(w + 2) * (h + 2), 0) {}
    std::uint8_t& at(int x, int y) { return ink[std::size_t(y) * width + x]; }
    std::uint8_t at(int x, int y) const { return ink[std::size_t(y) * width + x]; }
};

// P2 ... P9 of Zhang and Suen: clockwise from north.
constexpr std::array<int, 8> kDx{0, 1, 1, 1, 0, -1, -1, -1};
constexpr std::array<int, 8> kDy{-1, -1, 0, 1, 1, 1, 0, -1};

// The upsampled image, thresholded: bilinear between pixel centres, zero outside.
Binary upsampleInk(const float* image, int rows, int cols, const RestrokeSettings& s) {
    const int factor = s.upsampling;
    const float step = 1.0f / static_cast<float>(factor);
    Binary out(cols * factor, rows * factor);
    const auto source = [&](int x, int y) {
        return x < 0 || y < 0 || x >= cols || y >= rows ? 0.0f : image[y * cols + x];
    };
    for (int y = 0; y < rows * factor; ++y) {
        const float sy = (static_cast<float>(y) + 0.5f) * step - 0.5f;
        const int y0 = static_cast<int>(std::floor(sy));
        const float fy = sy - static_cast<float>(y0);
        for (int x = 0; x < cols * factor; ++x) {
            const float sx = (static_cast<float>(x) + 0.5f) * step - 0.5f;
            const int x0 = static_cast<int>(std::floor(sx));
            const float fx = sx - static_cast<float>(x0);
            const float v = (1 - fy) * ((1 - fx) * source(x0, y0) + fx * source(x0 + 1, y0)) +
                            fy * ((1 - fx) * source(x0, y0 + 1) + fx * source(x0 + 1, y0 + 1));
            out.at(x + 1, y + 1) = v >= s.inkLevel ? 1 : 0;
        }
    }
    return out;
}

// Zhang-Suen thinning in place. Only ink pixels are visited; the list shrinks as they go.
void thin(Binary& image) {
    std::vector<int> ink;  // flat indices
    for (int i = 0; i < static_cast<int>(image.ink.size()); ++i)
        if (image.ink[std::size_t(i)]) ink.push_back(i);
    const int w = image.width;
    const std::array<int, 8> offset{-w, -w + 1, 1, w + 1, w, w - 1, -1, -w - 1};
    std::vector<int> remove;
    for (bool changed = true; changed;) {
        changed = false;
        for (int pass = 0; pass < 2; ++pass) {
            remove.clear();
            for (const int i : ink) {
                std::array<std::uint8_t, 8> p;
                int count = 0;
                for (int k = 0; k < 8; ++k)
                    count += p[std::size_t(k)] = image.ink[std::size_t(i + offset[std::size_t(k)])];
                if (count < 2 || count > 6) continue;
                int transitions = 0;
                for (int k = 0; k < 8; ++k)
                    transitions += !p[std::size_t(k)] && p[std::size_t((k + 1) % 8)];
                if (transitions != 1) continue;
                // p[0] = P2 (north), p[2] = P4 (east), p[4] = P6 (south), p[6] = P8 (west).
                const bool first = pass == 0 ? !(p[0] && p[2] && p[4]) && !(p[2] && p[4] && p[6])
                                             : !(p[0] && p[2] && p[6]) && !(p[0] && p[4] && p[6]);
                if (first) remove.push_back(i);
            }
            for (const int i : remove) image.ink[std::size_t(i)] = 0;
            if (!remove.empty()) {
                changed = true;
                std::erase_if(ink, [&](int i) { return image.ink[std::size_t(i)] == 0; });
            }
        }
    }
}

// Neighbours under m-adjacency: a diagonal neighbour counts only when neither pixel between
// the two is ink, so a staircase is one path and only real forks have three or more.
int neighbours(const Binary& image, int x, int y, std::array<std::pair<int, int>, 8>& out) {
    int count = 0;
    for (std::size_t k = 0; k < 8; ++k) {
        const int nx = x + kDx[k], ny = y + kDy[k];
        if (!image.at(nx, ny)) continue;
        if (k % 2 == 1 && (image.at(nx, y) || image.at(x, ny))) continue;
        out[std::size_t(count++)] = {nx, ny};
    }
    return count;
}

// Drops branches that run from a free end to a fork in fewer than minPixels pixels: thinning
// leaves such spurs at the corners of thick strokes, and a pen would not have drawn them.
void pruneSpurs(Binary& image, int minPixels) {
    std::array<std::pair<int, int>, 8> around;
    std::vector<std::pair<int, int>> ends;
    for (int y = 1; y < image.height - 1; ++y)
        for (int x = 1; x < image.width - 1; ++x)
            if (image.at(x, y) && neighbours(image, x, y, around) == 1) ends.emplace_back(x, y);
    std::vector<std::pair<int, int>> path;
    for (auto current : ends) {
        if (!image.at(current.first, current.second)) continue;
        path.clear();
        std::pair<int, int> previous{-1, -1};
        bool spur = false;
        while (static_cast<int>(path.size()) < minPixels) {
            path.push_back(current);
            const int count = neighbours(image, current.first, current.second, around);
            std::pair<int, int> next{-1, -1};
            int onward = 0;
            for (int k = 0; k < count; ++k)
                if (around[std::size_t(k)] != previous) next = around[std::size_t(k)], ++onward;
            if (onward == 0) break;  // the other free end: a short stroke of its own, kept
            if (onward > 1) {        // this pixel is the fork: the branch ends before it
                path.pop_back();
                spur = true;
                break;
            }
            if (neighbours(image, next.first, next.second, around) > 2) {
                spur = true;
                break;
            }
            previous = current;
            current = next;
        }
        if (spur)
            for (auto [x, y] : path) image.at(x, y) = 0;
    }
}

}  // namespace

namespace {

// Image `index` of `data` restroked into `target` (featureSize bytes); gray: scratch.
void restrokeBytes(const Dataset& data, std::int64_t index, const RestrokeSettings& settings,
                   std::vector<float>& gray, std::uint8_t* target) {
    const std::uint8_t* in = data.image(index);
    gray.resize(static_cast<std::size_t>(data.featureSize()));
    for (std::size_t k = 0; k < gray.size(); ++k) gray[k] = in[k] / 255.0f;
    const Eigen::VectorXf result = restroke(gray.data(), data.rows, data.cols, settings);
    for (Eigen::Index k = 0; k < result.size(); ++k)
        target[k] = static_cast<std::uint8_t>(std::lround(255.0f * result(k)));
}

}  // namespace

Eigen::VectorXf restroke(const float* image, int rows, int cols, const RestrokeSettings& s) {
    if (rows < 4 || cols != rows)
        throw ConfigError("restroke: images must be square, 4 x 4 pixels or more");
    if (s.upsampling < 1 || s.upsampling > 8 || !(s.penShare > 0 && s.penShare < 0.5f) ||
        s.renderResolution < 8 || s.renderResolution > 1024)
        throw ConfigError("restroke: invalid settings");
    Binary ink = upsampleInk(image, rows, cols, s);
    thin(ink);
    pruneSpurs(ink, s.minSpurPixels);

    // Skeleton points in source pixel coordinates.
    std::vector<Eigen::Vector2f> points;
    const float factor = static_cast<float>(s.upsampling);
    for (int y = 1; y < ink.height - 1; ++y)
        for (int x = 1; x < ink.width - 1; ++x)
            if (ink.at(x, y))
                points.emplace_back((static_cast<float>(x) - 0.5f) / factor,
                                    (static_cast<float>(y) - 0.5f) / factor);
    if (points.empty()) return Eigen::VectorXf::Zero(rows * cols);
    Eigen::Vector2f low = points.front(), high = points.front();
    for (const auto& p : points) low = low.cwiseMin(p), high = high.cwiseMax(p);

    // As renderForNetwork (pen.h): the ink's side is the points' extent plus the pen, the pen
    // is penShare of that side, and tiny drawings count as the minimum size. Each skeleton
    // point is a dot of the one pen, so the strokes come out as a drawing's would.
    const PreprocessSettings defaults;
    const float minExtent = defaults.minInkFraction * static_cast<float>(std::min(rows, cols));
    const float inkSide = std::max((high - low).maxCoeff() / (1 - s.penShare), minExtent);
    const float scale = static_cast<float>(s.renderResolution) / inkSide;
    const float radius = 0.5f * s.penShare * inkSide * scale;  // in render pixels
    constexpr int kMargin = 2;
    InkImage drawn(
        static_cast<int>(std::ceil((high.x() - low.x()) * scale + 2 * radius)) + 2 * kMargin,
        static_cast<int>(std::ceil((high.y() - low.y()) * scale + 2 * radius)) + 2 * kMargin);
    Stroke dot{{Point{}}};
    for (const auto& p : points) {
        dot.points.front() = {(p.x() - low.x()) * scale + radius + kMargin,
                              (p.y() - low.y()) * scale + radius + kMargin};
        paintStroke(drawn, dot, 2.0 * radius);
    }
    // MNIST's proportions: the ink's longer side fills 20 of 28 pixels.
    PreprocessSettings settings;
    settings.outputSize = rows;
    settings.boxSize = std::max(1, static_cast<int>(std::lround(rows * 20.0 / 28.0)));
    settings.minInkPixels = minExtent * scale;
    return preprocess({drawn.pixels.data(), drawn.width, drawn.height}, settings);
}

RestrokedImages::RestrokedImages(const Dataset& source, RestrokeSettings settings)
    : m_source(source),
      m_settings(settings),
      m_pixels(source.pixels.size(), 0),
      m_state(std::make_unique<std::atomic<std::uint8_t>[]>(
          static_cast<std::size_t>(std::max<std::int64_t>(source.count, 0)))) {
    if (source.rows != source.cols || source.rows < 4)
        throw ConfigError(source.name + ": restroking needs square images of 4 x 4 or more");
}

const std::uint8_t* RestrokedImages::image(std::int64_t index, std::uint8_t* scratch) {
    std::uint8_t* cached = m_pixels.data() + index * m_source.featureSize();
    std::atomic<std::uint8_t>& state = m_state[static_cast<std::size_t>(index)];
    std::uint8_t expected = state.load(std::memory_order_acquire);
    if (expected == kReady) return cached;
    std::vector<float> gray;
    if (expected == kMissing && state.compare_exchange_strong(expected, kMaking)) {
        restrokeBytes(m_source, index, m_settings, gray, cached);
        state.store(kReady, std::memory_order_release);
        ++m_made;
        return cached;
    }
    if (expected == kReady) return cached;
    // Another thread is making it: make the same bytes here rather than wait.
    restrokeBytes(m_source, index, m_settings, gray, scratch);
    return scratch;
}

}  // namespace digitscope::core
