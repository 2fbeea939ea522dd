#include "core/augment/augmenter.h"

#include <Eigen/LU>
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "core/base/random.h"

namespace digitscope::core {
namespace {

// Pre-smoothed displacement fields; each image takes one for x and one for y (never the same
// one), each with a random sign. 128 fields of 28 x 28 floats stay in the L2 cache.
constexpr int kFieldBankSize = 128;
constexpr int kPad = 2;        // zero border around the source image
constexpr int kMaxSide = 256;  // widest image whose ink box is narrowed to its columns

// Separable Gaussian blur of a rows x cols field: K_r * F * K_c^T with banded kernels.
Eigen::MatrixXf gaussianBlur(const Eigen::MatrixXf& field, float sigma) {
    const int radius = static_cast<int>(std::ceil(3 * sigma));
    Eigen::VectorXf kernel(2 * radius + 1);
    for (int i = -radius; i <= radius; ++i)
        kernel(i + radius) = std::exp(-0.5f * static_cast<float>(i * i) / (sigma * sigma));
    kernel /= kernel.sum();
    auto band = [&](Eigen::Index n) {
        Eigen::MatrixXf k = Eigen::MatrixXf::Zero(n, n);
        for (Eigen::Index i = 0; i < n; ++i)
            for (int d = -radius; d <= radius; ++d)
                if (i + d >= 0 && i + d < n) k(i, i + d) = kernel(d + radius);
        return k;
    };
    return band(field.rows()) * field * band(field.cols()).transpose();
}

// The map from an output pixel to its sampling point in the padded source, for one image:
// s = inverse * (p - c - shift + alpha * field(p)) + c + pad, clamped into the zero border.
// The source is "row pairs": element (y, x) holds pixel (y, x) in its low byte and pixel
// (y + 1, x) in its high byte, so one 32-bit load at (y, x) brings all four bilinear taps.
struct SamplingMap {
    const std::uint16_t* pairs;  // rows of rowStep elements
    std::int32_t rowStep;
    float i00, i01, i10, i11;  // the inverse of the forward matrix
    float dx0;                 // -(cx + shiftX)
    float originX, originY;    // c + pad
    float maxX, maxY;          // the largest sampling coordinates (inside the zero border)
    float alphaX, alphaY;      // signed elastic strengths
};

constexpr float kByteScale = 1.0f / 255.0f;

// out[x] for x in [x0, x1] of output row y: the bilinear interpolation at the row's sampling
// points, in [0, 1]; fieldX and fieldY point at row y of the elastic fields.
[[maybe_unused]] void resampleRowPortable(const SamplingMap& m, float dy0, const float* fieldX,
                                          const float* fieldY, int x0, int x1, float* out) {
    for (int x = x0; x <= x1; ++x) {
        const float dx = m.dx0 + static_cast<float>(x) + m.alphaX * fieldX[x];
        const float dy = dy0 + m.alphaY * fieldY[x];
        // Clamped into the zero border, so the taps need no bounds checks; coordinates are
        // non-negative, so truncation is the floor.
        const float sx = std::min(std::max(m.i00 * dx + m.i01 * dy + m.originX, 0.0f), m.maxX);
        const float sy = std::min(std::max(m.i10 * dx + m.i11 * dy + m.originY, 0.0f), m.maxY);
        const auto ix = static_cast<std::int32_t>(sx);
        const auto iy = static_cast<std::int32_t>(sy);
        const float tx = sx - static_cast<float>(ix);
        const float ty = sy - static_cast<float>(iy);
        const std::uint16_t* tap = m.pairs + iy * m.rowStep + ix;
        const auto a = static_cast<float>(tap[0] & 0xff), d = static_cast<float>(tap[0] >> 8);
        const auto b = static_cast<float>(tap[1] & 0xff), e = static_cast<float>(tap[1] >> 8);
        const float top = std::fma(tx, b - a, a);
        const float bottom = std::fma(tx, e - d, d);
        out[x] = std::fma(ty, bottom - top, top) * kByteScale;
    }
}

#if defined(__AVX512F__)
// Sixteen pixels at a time: one 16-lane gather brings the four taps of every pixel; masked
// loads and stores cover the row's tail.
void resampleRow(const SamplingMap& m, float dy0, const float* fieldX, const float* fieldY, int x0,
                 int x1, float* out) {
    const __m512 lane = _mm512_setr_ps(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512 zero = _mm512_setzero_ps();
    const __m512i byte = _mm512_set1_epi32(0xff);
    for (int x = x0; x <= x1; x += 16) {
        const int n = std::min(16, x1 - x + 1);
        const auto mask = static_cast<__mmask16>((1u << n) - 1);
        const __m512 fx = _mm512_maskz_loadu_ps(mask, fieldX + x);
        const __m512 fy = _mm512_maskz_loadu_ps(mask, fieldY + x);
        const __m512 xs = _mm512_add_ps(_mm512_set1_ps(static_cast<float>(x)), lane);
        const __m512 dx = _mm512_add_ps(_mm512_add_ps(_mm512_set1_ps(m.dx0), xs),
                                        _mm512_mul_ps(_mm512_set1_ps(m.alphaX), fx));
        const __m512 dy =
            _mm512_add_ps(_mm512_set1_ps(dy0), _mm512_mul_ps(_mm512_set1_ps(m.alphaY), fy));
        const auto sample = [&](float a, float b, float origin, float limit) {
            const __m512 v = _mm512_add_ps(_mm512_add_ps(_mm512_mul_ps(_mm512_set1_ps(a), dx),
                                                         _mm512_mul_ps(_mm512_set1_ps(b), dy)),
                                           _mm512_set1_ps(origin));
            return _mm512_min_ps(_mm512_max_ps(v, zero), _mm512_set1_ps(limit));
        };
        const __m512 sx = sample(m.i00, m.i01, m.originX, m.maxX);
        const __m512 sy = sample(m.i10, m.i11, m.originY, m.maxY);
        const __m512i ix = _mm512_cvttps_epi32(sx);
        const __m512i iy = _mm512_cvttps_epi32(sy);
        const __m512 tx = _mm512_sub_ps(sx, _mm512_cvtepi32_ps(ix));
        const __m512 ty = _mm512_sub_ps(sy, _mm512_cvtepi32_ps(iy));
        const __m512i corner =
            _mm512_add_epi32(_mm512_mullo_epi32(iy, _mm512_set1_epi32(m.rowStep)), ix);
        // Bytes of each lane: top-left, bottom-left, top-right, bottom-right.
        const __m512i taps = _mm512_i32gather_epi32(corner, m.pairs, 2);
        const __m512 a = _mm512_cvtepi32_ps(_mm512_and_si512(taps, byte));
        const __m512 d = _mm512_cvtepi32_ps(_mm512_and_si512(_mm512_srli_epi32(taps, 8), byte));
        const __m512 b = _mm512_cvtepi32_ps(_mm512_and_si512(_mm512_srli_epi32(taps, 16), byte));
        const __m512 e = _mm512_cvtepi32_ps(_mm512_srli_epi32(taps, 24));
        const __m512 top = _mm512_fmadd_ps(tx, _mm512_sub_ps(b, a), a);
        const __m512 bottom = _mm512_fmadd_ps(tx, _mm512_sub_ps(e, d), d);
        const __m512 value = _mm512_fmadd_ps(ty, _mm512_sub_ps(bottom, top), top);
        _mm512_mask_storeu_ps(out + x, mask, _mm512_mul_ps(value, _mm512_set1_ps(kByteScale)));
    }
}
#else
void resampleRow(const SamplingMap& m, float dy0, const float* fieldX, const float* fieldY, int x0,
                 int x1, float* out) {
    resampleRowPortable(m, dy0, fieldX, fieldY, x0, x1, out);
}
#endif

// Narrows [lo, hi] to the x with a * x + b in [low, high].
void keepWhere(float a, float b, float low, float high, float& lo, float& hi) {
    if (std::abs(a) < 1e-6f) {
        if (b < low || b > high) hi = lo - 1;
        return;
    }
    const float t1 = (low - b) / a, t2 = (high - b) / a;
    lo = std::max(lo, std::min(t1, t2));
    hi = std::min(hi, std::max(t1, t2));
}

}  // namespace

AugmentSettings AugmentSettings::scaled(float strength) const {
    AugmentSettings result = *this;
    result.maxRotationDegrees *= strength;
    result.minScale = 1 - (1 - minScale) * strength;
    result.maxScale = 1 + (maxScale - 1) * strength;
    result.maxShear *= strength;
    result.maxShiftPixels *= strength;
    result.elasticAlpha *= strength;
    result.thicknessChange *= strength;
    return result;
}

Augmenter::Workspace::Workspace(int rows, int cols)
    : padded(static_cast<std::size_t>((rows + 2 * kPad) * (cols + 2 * kPad)), 0),
      pairs(padded.size(), 0),
      result(Eigen::ArrayXf::Zero(static_cast<Eigen::Index>(padded.size()))),
      spanBegin(rows),
      spanEnd(rows) {}

Augmenter::Augmenter(AugmentSettings settings, int rows, int cols, std::uint64_t seed)
    : m_settings(settings), m_rows(rows), m_cols(cols), m_seed(seed), m_work(rows, cols) {
    buildFieldBank(seed);
}

void Augmenter::buildFieldBank(std::uint64_t seed) {
    SplitMix64 rng(seed);
    m_fields.reserve(kFieldBankSize);
    for (int i = 0; i < kFieldBankSize; ++i) {
        Eigen::MatrixXf noise(m_rows, m_cols);
        for (Eigen::Index k = 0; k < noise.size(); ++k) noise.data()[k] = rng.symmetricFloat();
        Eigen::MatrixXf smooth = gaussianBlur(noise, m_settings.elasticSigma);
        const float peak = smooth.cwiseAbs().maxCoeff();
        if (peak > 0) smooth /= peak;
        Eigen::ArrayXf field(m_rows * m_cols);  // row-major, like the images
        for (int y = 0; y < m_rows; ++y)
            for (int x = 0; x < m_cols; ++x) field(y * m_cols + x) = smooth(y, x);
        m_fields.push_back(std::move(field));
    }
}

void Augmenter::apply(Eigen::MatrixXf& batch) {
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(m_rows * m_cols));
    for (Eigen::Index j = 0; j < batch.cols(); ++j) {
        float* image = batch.col(j).data();
        for (std::size_t i = 0; i < pixels.size(); ++i)
            pixels[i] =
                static_cast<std::uint8_t>(std::lround(std::clamp(image[i], 0.0f, 1.0f) * 255.0f));
        distort(pixels.data(), image, m_imagesDone++, m_work);
    }
}

void Augmenter::distort(const std::uint8_t* pixels, float* image, std::uint64_t number,
                        Workspace& work) const {
    SplitMix64 rng(m_seed * kSplitMixGamma + number);
    const float angle =
        rng.symmetricFloat() * m_settings.maxRotationDegrees * std::numbers::pi_v<float> / 180;
    const float scale = m_settings.minScale + (rng.symmetricFloat() * 0.5f + 0.5f) *
                                                  (m_settings.maxScale - m_settings.minScale);
    const float shear = rng.symmetricFloat() * m_settings.maxShear;
    const float shiftX = rng.symmetricFloat() * m_settings.maxShiftPixels;
    const float shiftY = rng.symmetricFloat() * m_settings.maxShiftPixels;
    const float alpha = m_settings.elasticAlpha * (rng.symmetricFloat() * 0.5f + 0.5f);
    const std::uint64_t choice = rng();
    const auto pickX = static_cast<std::size_t>(choice % kFieldBankSize);
    const auto pickY =
        (pickX + 1 + static_cast<std::size_t>((choice >> 16) % (kFieldBankSize - 1))) %
        kFieldBankSize;
    const float* fieldX = m_fields[pickX].data();
    const float* fieldY = m_fields[pickY].data();
    const float alphaX = (choice >> 62 & 1) ? -alpha : alpha;
    const float alphaY = (choice >> 63 & 1) ? -alpha : alpha;
    const float thickness = rng.symmetricFloat() * m_settings.thicknessChange;

    // Where the source has ink; outside its image under the map every output pixel is zero.
    const Box ink = inkBox(pixels, m_rows, m_cols);
    if (ink.empty()) {
        std::fill(image, image + m_rows * m_cols, 0.0f);
        return;
    }

    // Forward map about the centre: dst = S * Shear * R * (src - c) + c + shift (+ elastic).
    // Each output pixel samples the source through the inverse map.
    Eigen::Matrix2f rotation;
    rotation << std::cos(angle), -std::sin(angle), std::sin(angle), std::cos(angle);
    Eigen::Matrix2f shearing;
    shearing << 1, shear, 0, 1;
    const Eigen::Matrix2f forward = scale * shearing * rotation;
    const Eigen::Matrix2f inverse = forward.inverse();
    const float cx = 0.5f * static_cast<float>(m_cols - 1);
    const float cy = 0.5f * static_cast<float>(m_rows - 1);

    // The output pixels that can see ink: the forward image of the ink box grown by the
    // bilinear footprint (1 px), then by the largest elastic displacement (alpha, the fields
    // have unit peak) and a little for rounding.
    Box out = mappedBox(ink, forward, cx + shiftX, cy + shiftY, cx, cy, alpha + 0.01f);
    out = out.clipped(m_cols, m_rows);

    const auto pad = static_cast<float>(kPad);
    const int stride = m_cols + 2 * kPad;
    buildRowPairs(pixels, ink, work);
    SamplingMap map;
    map.pairs = work.pairs.data();
    map.rowStep = stride;
    map.i00 = inverse(0, 0), map.i01 = inverse(0, 1);
    map.i10 = inverse(1, 0), map.i11 = inverse(1, 1);
    map.dx0 = -(cx + shiftX);
    map.originX = cx + pad, map.originY = cy + pad;
    map.maxX = static_cast<float>(m_cols + 2 * kPad) - 1.001f;
    map.maxY = static_cast<float>(m_rows + 2 * kPad) - 1.001f;
    map.alphaX = alphaX, map.alphaY = alphaY;

    // Per output row, only the span whose sampling points can come within one pixel of the ink
    // box: the sampling point is linear in x but for the elastic term, which moves it by at
    // most slackX and slackY. Outside the span the four taps are zero, and so is the pixel.
    const float slackX = std::abs(map.i00 * alphaX) + std::abs(map.i01 * alphaY) + 0.01f;
    const float slackY = std::abs(map.i10 * alphaX) + std::abs(map.i11 * alphaY) + 0.01f;
    const float reachLeft = static_cast<float>(ink.left - 1 + kPad) - slackX;
    const float reachRight = static_cast<float>(ink.right + 1 + kPad) + slackX;
    const float reachTop = static_cast<float>(ink.top - 1 + kPad) - slackY;
    const float reachBottom = static_cast<float>(ink.bottom + 1 + kPad) + slackY;
    // The resampled image goes into work.result (padded like the source, zero outside the
    // spans written here; they are cleared again below).
    float* result = work.result.data();
    for (int y = out.top; y <= out.bottom; ++y) {
        const float dy0 = static_cast<float>(y) - (cy + shiftY);
        auto lo = static_cast<float>(out.left), hi = static_cast<float>(out.right);
        keepWhere(map.i00, map.i00 * map.dx0 + map.i01 * dy0 + map.originX, reachLeft, reachRight,
                  lo, hi);
        keepWhere(map.i10, map.i10 * map.dx0 + map.i11 * dy0 + map.originY, reachTop, reachBottom,
                  lo, hi);
        // A pixel more either side for rounding.
        const int x0 = lo <= hi ? std::max(out.left, static_cast<int>(std::floor(lo)) - 1) : 1;
        const int x1 = lo <= hi ? std::min(out.right, static_cast<int>(std::ceil(hi)) + 1) : 0;
        work.spanBegin[y] = x0;
        work.spanEnd[y] = x1;
        if (x0 <= x1)
            resampleRow(map, dy0, fieldX + y * m_cols, fieldY + y * m_cols, x0, x1,
                        result + (y + kPad) * stride + kPad);
    }

    // Thicker or thinner strokes, or a plain copy, from work.result into the image; rows
    // outside [first, last] have no ink.
    const int first = std::max(out.top - 1, 0), last = std::min(out.bottom + 1, m_rows - 1);
    if (std::abs(thickness) > 0.05f)
        changeThickness(thickness, first, last, image, work);
    else
        for (int y = first; y <= last; ++y)
            std::copy_n(result + (y + kPad) * stride + kPad, m_cols, image + y * m_cols);
    std::fill(image, image + first * m_cols, 0.0f);
    std::fill(image + (last + 1) * m_cols, image + m_rows * m_cols, 0.0f);
    for (int y = out.top; y <= out.bottom; ++y)
        if (work.spanBegin[y] <= work.spanEnd[y])
            std::fill(result + (y + kPad) * stride + kPad + work.spanBegin[y],
                      result + (y + kPad) * stride + kPad + work.spanEnd[y] + 1, 0.0f);
    std::fill(work.padded.begin() + (ink.top + kPad) * stride,
              work.padded.begin() + (ink.bottom + kPad + 1) * stride, std::uint8_t{0});
    std::fill(work.pairs.begin() + (ink.top - 1 + kPad) * stride,
              work.pairs.begin() + (ink.bottom + kPad + 1) * stride, std::uint16_t{0});
}

Augmenter::Box Augmenter::inkBox(const std::uint8_t* image, int rows, int cols) {
    // image: rows x cols, row-major. Top and bottom from the first and last byte with ink
    // (eight bytes at a time), left and right from the OR of the rows between.
    const int count = rows * cols;
    const auto word = [image](int at) {
        std::uint64_t w;
        std::memcpy(&w, image + at, sizeof w);
        return w;
    };
    int first = 0;
    while (first + 8 <= count && word(first) == 0) first += 8;
    while (first < count && image[first] == 0) ++first;
    if (first == count) return {};
    int last = count;
    while (last - 8 >= first && word(last - 8) == 0) last -= 8;
    --last;
    while (image[last] == 0) --last;
    Box box;
    box.top = first / cols;
    box.bottom = last / cols;
    box.left = 0;
    box.right = cols - 1;
    if (cols > kMaxSide) return box;  // wider images: the whole width
    std::uint8_t columns[kMaxSide] = {};
    for (int y = box.top; y <= box.bottom; ++y) {
        const std::uint8_t* row = image + y * cols;
        int x = 0;
        for (; x + 8 <= cols; x += 8) {
            std::uint64_t a, b;
            std::memcpy(&a, columns + x, sizeof a);
            std::memcpy(&b, row + x, sizeof b);
            a |= b;
            std::memcpy(columns + x, &a, sizeof a);
        }
        for (; x < cols; ++x) columns[x] |= row[x];
    }
    while (columns[box.left] == 0) ++box.left;
    while (columns[box.right] == 0) --box.right;
    return box;
}

// The ink's rows of the image into the zero-bordered byte copy, then the row pairs from them
// (rows outside the ink box +-1 stay zero in both from the last image, see distort()).
void Augmenter::buildRowPairs(const std::uint8_t* pixels, const Box& ink, Workspace& work) const {
    const int stride = m_cols + 2 * kPad;
    std::uint8_t* padded = work.padded.data();
    for (int y = ink.top; y <= ink.bottom; ++y)
        std::copy_n(pixels + y * m_cols, m_cols, padded + (y + kPad) * stride + kPad);
    for (int y = ink.top - 1 + kPad; y <= ink.bottom + kPad; ++y) {
        const std::uint8_t* row = padded + y * stride;
        std::uint16_t* out = work.pairs.data() + y * stride;
        for (int x = 0; x < stride; ++x)
            out[x] = static_cast<std::uint16_t>(row[x] | row[x + stride] << 8);
    }
}

Augmenter::Box Augmenter::mappedBox(const Box& ink, const Eigen::Matrix2f& forward, float toX,
                                    float toY, float fromX, float fromY, float margin) {
    // The bilinear taps of a source point reach one pixel either side of it.
    const float xs[2] = {static_cast<float>(ink.left - 1) - fromX,
                         static_cast<float>(ink.right + 1) - fromX};
    const float ys[2] = {static_cast<float>(ink.top - 1) - fromY,
                         static_cast<float>(ink.bottom + 1) - fromY};
    float minX = std::numeric_limits<float>::infinity(), maxX = -minX;
    float minY = minX, maxY = -minX;
    for (const float x : xs)
        for (const float y : ys) {
            const float u = forward(0, 0) * x + forward(0, 1) * y + toX;
            const float v = forward(1, 0) * x + forward(1, 1) * y + toY;
            minX = std::min(minX, u), maxX = std::max(maxX, u);
            minY = std::min(minY, v), maxY = std::max(maxY, v);
        }
    Box box;
    box.left = static_cast<int>(std::floor(minX - margin));
    box.right = static_cast<int>(std::ceil(maxX + margin));
    box.top = static_cast<int>(std::floor(minY - margin));
    box.bottom = static_cast<int>(std::ceil(maxY + margin));
    return box;
}

// amount > 0 thickens (blend towards the maximum over the pixel and its four neighbours),
// amount < 0 thins (towards the minimum), rows [first, last] of the image, from work.result
// (padded, zero outside the ink), whose zero border stands in for the neighbours outside.
void Augmenter::changeThickness(float amount, int first, int last, float* image,
                                Workspace& work) const {
    const int stride = m_cols + 2 * kPad;
    const float weight = std::abs(amount);
    const float keep = 1 - weight;
    const int cols = m_cols;
    for (int y = first; y <= last; ++y) {
        const float* centre = work.result.data() + (y + kPad) * stride + kPad;
        const float* up = centre - stride;
        const float* down = centre + stride;
        float* out = image + y * cols;
        if (amount > 0)
            for (int x = 0; x < cols; ++x) {
                const float most = std::max(
                    std::max(std::max(std::max(centre[x], centre[x - 1]), centre[x + 1]), up[x]),
                    down[x]);
                out[x] = std::min(keep * centre[x] + weight * most, 1.0f);
            }
        else
            for (int x = 0; x < cols; ++x) {
                const float least = std::min(
                    std::min(std::min(std::min(centre[x], centre[x - 1]), centre[x + 1]), up[x]),
                    down[x]);
                out[x] = std::max(keep * centre[x] + weight * least, 0.0f);
            }
    }
}

}  // namespace digitscope::core
