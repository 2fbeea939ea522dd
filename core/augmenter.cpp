#include "augmenter.h"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <numbers>

namespace digitscope::core {
namespace {

constexpr int kFieldBankSize = 256;

// Samples a row-major image at (x, y) with bilinear interpolation; outside is 0.
float sampleBilinear(const float* image, int rows, int cols, float x, float y) {
    const float fx = std::floor(x);
    const float fy = std::floor(y);
    const int x0 = static_cast<int>(fx);
    const int y0 = static_cast<int>(fy);
    const float ax = x - fx;
    const float ay = y - fy;
    auto at = [&](int xi, int yi) {
        return (xi < 0 || yi < 0 || xi >= cols || yi >= rows) ? 0.0f : image[yi * cols + xi];
    };
    return (1 - ay) * ((1 - ax) * at(x0, y0) + ax * at(x0 + 1, y0)) +
           ay * ((1 - ax) * at(x0, y0 + 1) + ax * at(x0 + 1, y0 + 1));
}

// Separable Gaussian blur of a rows x cols field (row-major in a column-major matrix's
// transpose does not matter here: the field is only ever indexed as (y, x)).
Eigen::MatrixXf gaussianBlur(const Eigen::MatrixXf& field, float sigma) {
    const int radius = static_cast<int>(std::ceil(3 * sigma));
    Eigen::VectorXf kernel(2 * radius + 1);
    for (int i = -radius; i <= radius; ++i)
        kernel(i + radius) = std::exp(-0.5f * static_cast<float>(i * i) / (sigma * sigma));
    kernel /= kernel.sum();
    const auto rows = field.rows();
    const auto cols = field.cols();
    // Blurring is a product with a banded matrix on each side: K_r * F * K_c^T.
    auto band = [&](Eigen::Index n) {
        Eigen::MatrixXf k = Eigen::MatrixXf::Zero(n, n);
        for (Eigen::Index i = 0; i < n; ++i)
            for (int d = -radius; d <= radius; ++d)
                if (i + d >= 0 && i + d < n) k(i, i + d) = kernel(d + radius);
        return k;
    };
    return band(rows) * field * band(cols).transpose();
}

}  // namespace

Augmenter::Augmenter(AugmentSettings settings, int rows, int cols, std::uint64_t seed)
    : m_settings(settings), m_rows(rows), m_cols(cols), m_rng(seed), m_scratch(rows * cols) {
    buildFieldBank();
}

void Augmenter::buildFieldBank() {
    std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
    m_fields.reserve(2 * kFieldBankSize);
    for (int i = 0; i < 2 * kFieldBankSize; ++i) {
        Eigen::MatrixXf noise(m_rows, m_cols);
        for (Eigen::Index k = 0; k < noise.size(); ++k) noise.data()[k] = unit(m_rng);
        Eigen::MatrixXf smooth = gaussianBlur(noise, m_settings.elasticSigma);
        const float peak = smooth.cwiseAbs().maxCoeff();
        if (peak > 0) smooth /= peak;
        m_fields.push_back(std::move(smooth));
    }
}

void Augmenter::apply(Eigen::MatrixXf& batch) {
    for (Eigen::Index j = 0; j < batch.cols(); ++j) apply(batch.col(j));
}

void Augmenter::apply(Eigen::Ref<Eigen::VectorXf> image) {
    std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
    std::uniform_int_distribution<int> pick(0, kFieldBankSize - 1);
    const float angle =
        unit(m_rng) * m_settings.maxRotationDegrees * std::numbers::pi_v<float> / 180;
    const float scale = m_settings.minScale +
                        (unit(m_rng) * 0.5f + 0.5f) * (m_settings.maxScale - m_settings.minScale);
    const float shear = unit(m_rng) * m_settings.maxShear;
    const float shiftX = unit(m_rng) * m_settings.maxShiftPixels;
    const float shiftY = unit(m_rng) * m_settings.maxShiftPixels;
    const float alpha = m_settings.elasticAlpha * (unit(m_rng) * 0.5f + 0.5f);
    const Eigen::MatrixXf& fieldX = m_fields[static_cast<std::size_t>(pick(m_rng))];
    const Eigen::MatrixXf& fieldY =
        m_fields[static_cast<std::size_t>(kFieldBankSize + pick(m_rng))];
    const float thickness = unit(m_rng) * m_settings.thicknessChange;

    // Forward map (about the centre): dst = S * Shear * R * (src - c) + c + shift.
    // We sample src for each dst pixel with the inverse map.
    Eigen::Matrix2f rotation;
    rotation << std::cos(angle), -std::sin(angle), std::sin(angle), std::cos(angle);
    Eigen::Matrix2f shearing;
    shearing << 1, shear, 0, 1;
    const Eigen::Matrix2f inverse = (scale * shearing * rotation).inverse();
    const float cx = 0.5f * static_cast<float>(m_cols - 1);
    const float cy = 0.5f * static_cast<float>(m_rows - 1);

    float* out = m_scratch.data();
    const float* in = image.data();
    for (int y = 0; y < m_rows; ++y) {
        for (int x = 0; x < m_cols; ++x) {
            const float dx = static_cast<float>(x) - cx - shiftX + alpha * fieldX(y, x);
            const float dy = static_cast<float>(y) - cy - shiftY + alpha * fieldY(y, x);
            const float sx = inverse(0, 0) * dx + inverse(0, 1) * dy + cx;
            const float sy = inverse(1, 0) * dx + inverse(1, 1) * dy + cy;
            out[y * m_cols + x] = sampleBilinear(in, m_rows, m_cols, sx, sy);
        }
    }
    if (std::abs(thickness) > 0.05f) changeThickness(out, thickness);
    image = m_scratch;
}

// amount > 0 thickens (blend towards the 3x3 cross maximum), < 0 thins (towards the minimum).
void Augmenter::changeThickness(float* image, float amount) {
    Eigen::VectorXf source = Eigen::Map<Eigen::VectorXf>(image, m_rows * m_cols);
    const bool thicken = amount > 0;
    const float weight = std::abs(amount);
    for (int y = 0; y < m_rows; ++y) {
        for (int x = 0; x < m_cols; ++x) {
            float extreme = source(y * m_cols + x);
            const int neighbours[4][2] = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
            for (const auto& n : neighbours) {
                const bool inside = n[0] >= 0 && n[1] >= 0 && n[0] < m_cols && n[1] < m_rows;
                const float v = inside ? source(n[1] * m_cols + n[0]) : 0.0f;
                extreme = thicken ? std::max(extreme, v) : std::min(extreme, v);
            }
            float& pixel = image[y * m_cols + x];
            pixel = std::clamp((1 - weight) * pixel + weight * extreme, 0.0f, 1.0f);
        }
    }
}

}  // namespace digitscope::core
