#include "augmenter.h"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <numbers>

namespace digitscope::core {
namespace {

constexpr int kFieldBankSize = 256;
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
    m_work.sourceX.resize(rows * cols);
    m_work.sourceY.resize(rows * cols);
    m_work.corner.resize(rows * cols);
    m_work.result.resize(m_work.padded.size());
}

void Augmenter::buildFieldBank(std::uint64_t seed) {
    SplitMix64 rng(seed);
    m_fields.reserve(2 * kFieldBankSize);
    for (int i = 0; i < 2 * kFieldBankSize; ++i) {
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
    const auto pick = [&rng] { return static_cast<std::size_t>(rng() % kFieldBankSize); };
    const Eigen::ArrayXf& fieldX = m_fields[pick()];
    const Eigen::ArrayXf& fieldY = m_fields[kFieldBankSize + pick()];
    const float thickness = rng.symmetric() * m_settings.thicknessChange;

    // Forward map about the centre: dst = S * Shear * R * (src - c) + c + shift (+ elastic).
    // Each output pixel samples the source through the inverse map.
    Eigen::Matrix2f rotation;
    rotation << std::cos(angle), -std::sin(angle), std::sin(angle), std::cos(angle);
    Eigen::Matrix2f shearing;
    shearing << 1, shear, 0, 1;
    const Eigen::Matrix2f inverse = (scale * shearing * rotation).inverse();
    const float cx = 0.5f * static_cast<float>(m_cols - 1);
    const float cy = 0.5f * static_cast<float>(m_rows - 1);

    // Source coordinates of all pixels at once, in padded-buffer units and clamped into the
    // zero border, so that the gather below needs no bounds checks.
    const auto dx = m_gridX - (cx + shiftX) + alpha * fieldX;
    const auto dy = m_gridY - (cy + shiftY) + alpha * fieldY;
    const auto pad = static_cast<float>(kPad);
    work.sourceX = (inverse(0, 0) * dx + inverse(0, 1) * dy + (cx + pad))
                       .max(0.0f)
                       .min(static_cast<float>(m_cols + 2 * kPad) - 1.001f);
    work.sourceY = (inverse(1, 0) * dx + inverse(1, 1) * dy + (cy + pad))
                       .max(0.0f)
                       .min(static_cast<float>(m_rows + 2 * kPad) - 1.001f);

    // The padded source: image row y becomes column y + kPad (x runs down a column).
    work.padded.block(kPad, kPad, m_cols, m_rows) =
        Eigen::Map<const Eigen::ArrayXXf>(image.data(), m_cols, m_rows);
    const Eigen::Index stride = work.padded.rows();
    const Eigen::ArrayXf floorX = work.sourceX.floor();
    const Eigen::ArrayXf floorY = work.sourceY.floor();
    work.sourceX -= floorX;  // now the fractions
    work.sourceY -= floorY;
    work.corner = (floorY * static_cast<float>(stride) + floorX).cast<std::int32_t>();

    const float* source = work.padded.data();
    const std::int32_t* corner = work.corner.data();
    const float* fx = work.sourceX.data();
    const float* fy = work.sourceY.data();
    float* out = image.data();
    const auto rowStep = static_cast<std::int32_t>(stride);
    const Eigen::Index count = image.size();
    for (Eigen::Index i = 0; i < count; ++i) {
        const std::int32_t c = corner[i];
        const float top = source[c] + fx[i] * (source[c + 1] - source[c]);
        const float bottom =
            source[c + rowStep] + fx[i] * (source[c + rowStep + 1] - source[c + rowStep]);
        out[i] = top + fy[i] * (bottom - top);
    }
    if (std::abs(thickness) > 0.05f) {
        work.padded.block(kPad, kPad, m_cols, m_rows) =
            Eigen::Map<const Eigen::ArrayXXf>(image.data(), m_cols, m_rows);
        changeThickness(thickness, work);
        image = Eigen::Map<const Eigen::ArrayXXf>(work.result.data(), stride, m_rows + 2 * kPad)
                    .block(kPad, kPad, m_cols, m_rows)
                    .reshaped();
    }
}

// amount > 0 thickens (blend towards the maximum over the pixel and its four neighbours),
// amount < 0 thins (towards the minimum). Runs over the padded buffer as one flat array, so
// every neighbour is a contiguous shifted segment and the whole pass vectorises; the border
// values it writes are never read.
void Augmenter::changeThickness(float amount, Workspace& work) const {
    const Eigen::Index stride = work.padded.rows();
    const Eigen::Index start = kPad * stride;
    const Eigen::Index n = m_rows * stride;
    const Eigen::Map<const Eigen::ArrayXf> flat(work.padded.data(), work.padded.size());
    const auto centre = flat.segment(start, n);
    const auto left = flat.segment(start - 1, n);
    const auto right = flat.segment(start + 1, n);
    const auto up = flat.segment(start - stride, n);
    const auto down = flat.segment(start + stride, n);
    const float weight = std::abs(amount);
    auto out = work.result.segment(start, n);
    if (amount > 0)
        out = (1 - weight) * centre + weight * centre.max(left).max(right).max(up).max(down);
    else
        out = (1 - weight) * centre + weight * centre.min(left).min(right).min(up).min(down);
    out = out.max(0.0f).min(1.0f);
}

}  // namespace digitscope::core
