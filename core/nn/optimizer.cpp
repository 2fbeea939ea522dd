#include "core/nn/optimizer.h"

#include <Eigen/Core>
#include <cmath>
#include <numbers>

#include "core/base/errors.h"

namespace digitscope::core {

std::string toString(OptimizerKind kind) {
    switch (kind) {
        case OptimizerKind::Sgd:
            return "sgd";
        case OptimizerKind::Momentum:
            return "momentum";
        case OptimizerKind::Adam:
            return "adam";
    }
    return "?";
}

std::string toString(Schedule schedule) {
    switch (schedule) {
        case Schedule::Constant:
            return "constant";
        case Schedule::Step:
            return "step";
        case Schedule::Cosine:
            return "cosine";
    }
    return "?";
}

OptimizerKind parseOptimizer(std::string_view text) {
    if (text == "sgd") return OptimizerKind::Sgd;
    if (text == "momentum") return OptimizerKind::Momentum;
    if (text == "adam") return OptimizerKind::Adam;
    throw ConfigError("unknown optimizer '" + std::string(text) + "' (sgd, momentum or adam)");
}

Schedule parseSchedule(std::string_view text) {
    if (text == "constant") return Schedule::Constant;
    if (text == "step") return Schedule::Step;
    if (text == "cosine") return Schedule::Cosine;
    throw ConfigError("unknown schedule '" + std::string(text) + "' (constant, step or cosine)");
}

float LearningRateSchedule::rate(float base, int epoch, double progress) const {
    switch (kind) {
        case Schedule::Constant:
            return base;
        case Schedule::Step:
            return base * std::pow(stepFactor, static_cast<float>(epoch / std::max(stepEvery, 1)));
        case Schedule::Cosine:
            return static_cast<float>(
                base * 0.5 * (1.0 + std::cos(std::numbers::pi * std::clamp(progress, 0.0, 1.0))));
    }
    return base;
}

Optimizer::Optimizer(OptimizerSettings settings, std::int64_t parameterCount)
    : m_settings(settings) {
    if (!(settings.learningRate > 0) || !std::isfinite(settings.learningRate))
        throw ConfigError("the learning rate must be a positive number");
    if (settings.weightDecay < 0 || !std::isfinite(settings.weightDecay))
        throw ConfigError("weight decay must be zero or positive");
    const auto n = static_cast<std::size_t>(parameterCount);
    if (settings.kind != OptimizerKind::Sgd) m_first.assign(n, 0.0f);
    if (settings.kind == OptimizerKind::Adam) m_second.assign(n, 0.0f);
}

void Optimizer::reset() {
    std::fill(m_first.begin(), m_first.end(), 0.0f);
    std::fill(m_second.begin(), m_second.end(), 0.0f);
    m_steps = 0;
}

void Optimizer::step(std::span<float> parameters, std::span<float> gradient, float learningRate) {
    using Array = Eigen::Map<Eigen::ArrayXf>;
    const auto n = static_cast<Eigen::Index>(parameters.size());
    Array w(parameters.data(), n);
    Array g(gradient.data(), n);
    if (m_settings.weightDecay > 0) g += m_settings.weightDecay * w;
    ++m_steps;
    switch (m_settings.kind) {
        case OptimizerKind::Sgd:
            w -= learningRate * g;
            break;
        case OptimizerKind::Momentum: {
            // One pass instead of two (v, then w): each element is loaded and stored once. The
            // fused multiply-adds are the ones the two Eigen expressions compiled to, so the
            // weights come out bit-identical.
            float* __restrict wp = parameters.data();
            float* __restrict vp = m_first.data();
            const float* __restrict gp = gradient.data();
            const float mu = m_settings.momentum;
            const float minusRate = -learningRate;
            for (Eigen::Index i = 0; i < n; ++i) {
                const float v = std::fma(mu, vp[i], gp[i]);
                vp[i] = v;
                wp[i] = std::fma(minusRate, v, wp[i]);
            }
            break;
        }
        case OptimizerKind::Adam: {
            Array m(m_first.data(), n);
            Array s(m_second.data(), n);
            const float b1 = m_settings.beta1;
            const float b2 = m_settings.beta2;
            m = b1 * m + (1 - b1) * g;
            s = b2 * s + (1 - b2) * g.square();
            const auto t = static_cast<float>(m_steps);
            const float correction1 = 1 - std::pow(b1, t);
            const float correction2 = 1 - std::pow(b2, t);
            // w -= lr * m_hat / (sqrt(s_hat) + eps), with the bias corrections folded in
            w -= (learningRate / correction1) * m / ((s / correction2).sqrt() + m_settings.epsilon);
            break;
        }
    }
}

}  // namespace digitscope::core
