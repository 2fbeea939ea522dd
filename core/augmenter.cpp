#include "augmenter.h"

#include <Eigen/LU>
#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numbers>
#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace digitscope::core {
namespace {

// Pre-smoothed displacement fields; each image takes one for x and one for y (never the same
// one), each with a random sign. 128 fields of 28 x 28 floats stay in the L2 cache.
constexpr int kFieldBankSize = 128;
constexpr int kPad = 2;  // zero border around the source image

// SplitMix64 (Steele, Lea and Flood 2014): a small, fast generator whose state is one word,
// so each image can start its own stream cheaply.
class SplitMix64 {
public:
    using result_type = std::uint64_t;
    explicit SplitMix64(std::uint64_t state) : m_state(state) {}
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return ~result_type{0}; }
    result_type operator()() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform in [-1, 1).
    float symmetric() { return static_cast<float>((*this)() >> 40) * 0x1.0p-23f - 1.0f; }

private:
    std::uint64_t m_state;
};

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

// out[k] = bilinear interpolation of the four taps at corner[k] (top-left), +1, +rowStep and
// +rowStep+1 of source, with fractions tx[k] (along a row) and ty[k].
void gatherBilinear(const float* source, std::int32_t rowStep, const std::int32_t* corner,
                    const float* tx, const float* ty, int n, float* out) {
    int k = 0;
#if defined(__AVX2__)
    // Eight pixels at a time with hardware gathers (the compiler does not vectorise them).
    for (; k + 8 <= n; k += 8) {
        const __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(corner + k));
        const __m256i below = _mm256_add_epi32(c, _mm256_set1_epi32(rowStep));
        const __m256 a = _mm256_i32gather_ps(source, c, 4);
        const __m256 b = _mm256_i32gather_ps(source + 1, c, 4);
        const __m256 d = _mm256_i32gather_ps(source, below, 4);
        const __m256 e = _mm256_i32gather_ps(source + 1, below, 4);
        const __m256 fx = _mm256_loadu_ps(tx + k);
        const __m256 top = _mm256_fmadd_ps(fx, _mm256_sub_ps(b, a), a);
        const __m256 bottom = _mm256_fmadd_ps(fx, _mm256_sub_ps(e, d), d);
        _mm256_storeu_ps(out + k,
                         _mm256_fmadd_ps(_mm256_loadu_ps(ty + k), _mm256_sub_ps(bottom, top), top));
    }
#endif
    for (; k < n; ++k) {
        const std::int32_t c = corner[k];
        const float top = source[c] + tx[k] * (source[c + 1] - source[c]);
        const float bottom =
            source[c + rowStep] + tx[k] * (source[c + rowStep + 1] - source[c + rowStep]);
        out[k] = top + ty[k] * (bottom - top);
    }
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

Augmenter::Augmenter(AugmentSettings settings, int rows, int cols, std::uint64_t seed)
    : m_settings(settings),
      m_rows(rows),
      m_cols(cols),
      m_seed(seed),
      m_gridX(rows * cols),
      m_gridY(rows * cols) {
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < cols; ++x) {
            m_gridX(y * cols + x) = static_cast<float>(x);
            m_gridY(y * cols + x) = static_cast<float>(y);
        }
    buildFieldBank(seed);
    m_work.padded = Eigen::ArrayXXf::Zero(cols + 2 * kPad, rows + 2 * kPad);
    m_work.result.resize(m_work.padded.size());
    m_work.thickened.resize(m_work.padded.size());
    m_work.corner.resize(rows * cols);
    m_work.fractionX.resize(rows * cols);
    m_work.fractionY.resize(rows * cols);
}

void Augmenter::buildFieldBank(std::uint64_t seed) {
    SplitMix64 rng(seed);
    m_fields.reserve(kFieldBankSize);
    for (int i = 0; i < kFieldBankSize; ++i) {
        Eigen::MatrixXf noise(m_rows, m_cols);
        for (Eigen::Index k = 0; k < noise.size(); ++k) noise.data()[k] = rng.symmetric();
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
    const std::uint64_t first = m_imagesDone;
    m_imagesDone += static_cast<std::uint64_t>(batch.cols());
    for (Eigen::Index j = 0; j < batch.cols(); ++j) {
        const std::uint64_t stream =
            m_seed * 0x9e3779b97f4a7c15ULL + first + static_cast<std::uint64_t>(j);
        distort(batch.col(j), stream, m_work);
    }
}

void Augmenter::distort(Eigen::Ref<Eigen::VectorXf> image, std::uint64_t stream,
                        Workspace& work) const {
    SplitMix64 rng(stream);
    const float angle =
        rng.symmetric() * m_settings.maxRotationDegrees * std::numbers::pi_v<float> / 180;
    const float scale = m_settings.minScale + (rng.symmetric() * 0.5f + 0.5f) *
                                                  (m_settings.maxScale - m_settings.minScale);
    const float shear = rng.symmetric() * m_settings.maxShear;
    const float shiftX = rng.symmetric() * m_settings.maxShiftPixels;
    const float shiftY = rng.symmetric() * m_settings.maxShiftPixels;
    const float alpha = m_settings.elasticAlpha * (rng.symmetric() * 0.5f + 0.5f);
    const std::uint64_t choice = rng();
    const auto pickX = static_cast<std::size_t>(choice % kFieldBankSize);
    const auto pickY =
        (pickX + 1 + static_cast<std::size_t>((choice >> 16) % (kFieldBankSize - 1))) %
        kFieldBankSize;
    const float* fieldX = m_fields[pickX].data();
    const float* fieldY = m_fields[pickY].data();
    const float alphaX = (choice >> 62 & 1) ? -alpha : alpha;
    const float alphaY = (choice >> 63 & 1) ? -alpha : alpha;
    const float thickness = rng.symmetric() * m_settings.thicknessChange;

    // Where the source has ink; outside its image under the map every output pixel is zero.
    const Eigen::Map<const Eigen::ArrayXXf> source(image.data(), m_cols, m_rows);  // x down
    const Box ink = inkBox(image.data(), m_rows, m_cols, work.fractionX.data());
    if (ink.empty()) return;

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
    const float maxX = static_cast<float>(m_cols + 2 * kPad) - 1.001f;
    const float maxY = static_cast<float>(m_rows + 2 * kPad) - 1.001f;
    const Eigen::Index stride = work.padded.rows();
    work.padded.block(kPad, kPad, m_cols, m_rows) = source;
    const auto rowStep = static_cast<std::int32_t>(stride);
    // Whole rows from the box's top to its bottom, as one flat range: the sampling points
    // first (a loop the compiler vectorises), then the four-tap gather, straight into the
    // image (the source is in work.padded now). Pixels left and right of the box come out
    // zero by themselves; rows above and below are set to zero.
    const int begin = out.top * m_cols;
    const int end = (out.bottom + 1) * m_cols;
    const int count = end - begin;
    std::int32_t* corner = work.corner.data();
    float* tx = work.fractionX.data();
    float* ty = work.fractionY.data();
    const float i00 = inverse(0, 0), i01 = inverse(0, 1), i10 = inverse(1, 0), i11 = inverse(1, 1);
    const float originX = cx + pad, originY = cy + pad;
    const int cols = m_cols;  // a local: the int stores below could alias the member
    for (int y = out.top; y <= out.bottom; ++y) {
        const float dy0 = static_cast<float>(y) - (cy + shiftY);
        const float dx0 = -(cx + shiftX);
        const int row = y * cols;
        const float* fx = fieldX + row;
        const float* fy = fieldY + row;
        std::int32_t* rowCorner = corner + (row - begin);
        float* rowTx = tx + (row - begin);
        float* rowTy = ty + (row - begin);
        for (int x = 0; x < cols; ++x) {
            const float dx = dx0 + static_cast<float>(x) + alphaX * fx[x];
            const float dy = dy0 + alphaY * fy[x];
            // Clamped into the zero border, so the taps need no bounds checks; coordinates
            // are non-negative, so truncation is the floor.
            const float sx = std::min(std::max(i00 * dx + i01 * dy + originX, 0.0f), maxX);
            const float sy = std::min(std::max(i10 * dx + i11 * dy + originY, 0.0f), maxY);
            const auto ix = static_cast<std::int32_t>(sx);
            const auto iy = static_cast<std::int32_t>(sy);
            rowTx[x] = sx - static_cast<float>(ix);
            rowTy[x] = sy - static_cast<float>(iy);
            rowCorner[x] = iy * rowStep + ix;
        }
    }
    float* pixels = image.data();
    gatherBilinear(work.padded.data(), rowStep, corner, tx, ty, count, pixels + begin);
    std::fill(pixels, pixels + begin, 0.0f);
    std::fill(pixels + end, pixels + image.size(), 0.0f);
    if (std::abs(thickness) > 0.05f)
        changeThickness(thickness, std::max(out.top - 1, 0), std::min(out.bottom + 1, m_rows - 1),
                        image, work);
}

Augmenter::Box Augmenter::inkBox(const float* image, int rows, int cols, float* columnMax) {
    // image: rows x cols, row-major. Top and bottom from the first and last ink pixel, left
    // and right from the maximum of each column over those rows (a loop that vectorises).
    const int count = rows * cols;
    // Sixteen pixels at a time up to the block with the first ink. The test ORs the bit
    // patterns (a float max reduction does not vectorise): all zero bits = no ink; the pixel
    // by pixel scan then finds the exact place.
    constexpr int kBlock = 16;
    const auto anyInk = [image](int from) {
        std::uint32_t bits = 0;
        for (int i = 0; i < kBlock; ++i) bits |= std::bit_cast<std::uint32_t>(image[from + i]);
        return bits != 0;
    };
    int firstInk = 0;
    while (firstInk + kBlock <= count && !anyInk(firstInk)) firstInk += kBlock;
    while (firstInk < count && !(image[firstInk] > 0)) ++firstInk;
    if (firstInk == count) return {};
    int lastInk = count;
    while (lastInk - kBlock > firstInk && !anyInk(lastInk - kBlock)) lastInk -= kBlock;
    --lastInk;
    while (!(image[lastInk] > 0)) --lastInk;
    Box box;
    box.top = firstInk / cols;
    box.bottom = lastInk / cols;
    std::fill_n(columnMax, cols, 0.0f);
    for (int y = box.top; y <= box.bottom; ++y) {
        const float* line = image + y * cols;
        for (int x = 0; x < cols; ++x) columnMax[x] = std::max(columnMax[x], line[x]);
    }
    box.left = 0;
    while (!(columnMax[box.left] > 0)) ++box.left;
    box.right = cols - 1;
    while (!(columnMax[box.right] > 0)) --box.right;
    return box;
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
// amount < 0 thins (towards the minimum), rows [first, last] of the image (zero elsewhere).
// Runs over the padded buffer as one flat array, so every neighbour is a contiguous shifted
// segment and the whole pass vectorises; the border values it writes are never read.
void Augmenter::changeThickness(float amount, int first, int last,
                                Eigen::Ref<Eigen::VectorXf> image, Workspace& work) const {
    const Eigen::Index stride = work.padded.rows();
    const Eigen::Index start = (first + kPad) * stride;
    const Eigen::Index n = (last - first + 1) * stride;
    // The rows next to [first, last] are read as neighbours: zero them with the rest.
    work.result.setZero();
    for (int y = first; y <= last; ++y)
        std::copy_n(image.data() + y * m_cols, m_cols,
                    work.result.data() + (y + kPad) * stride + kPad);
    const Eigen::Map<const Eigen::ArrayXf> flat(work.result.data(), work.result.size());
    const auto centre = flat.segment(start, n);
    const auto left = flat.segment(start - 1, n);
    const auto right = flat.segment(start + 1, n);
    const auto up = flat.segment(start - stride, n);
    const auto down = flat.segment(start + stride, n);
    const float weight = std::abs(amount);
    auto out = work.thickened.segment(start, n);
    if (amount > 0)
        out = ((1 - weight) * centre + weight * centre.max(left).max(right).max(up).max(down))
                  .min(1.0f);
    else
        out = ((1 - weight) * centre + weight * centre.min(left).min(right).min(up).min(down))
                  .max(0.0f);
    for (int y = first; y <= last; ++y)
        std::copy_n(work.thickened.data() + (y + kPad) * stride + kPad, m_cols,
                    image.data() + y * m_cols);
}

}  // namespace digitscope::core
