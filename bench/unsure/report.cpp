#include "bench/unsure/report.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iomanip>
#include <memory>
#include <optional>
#include <sstream>
#include <vector>

#include "bench/unsure/gate_data.h"
#include "bench/unsure/gate_fit.h"
#include "core/explain/digit_gate.h"
#include "core/input/pen.h"
#include "session/models/bundled_models.h"

namespace digitscope::bench {
namespace {

using Flags = Eigen::Array<bool, Eigen::Dynamic, 1>;

// The sets every detector is measured on; none of them fitted anything.
struct MeasureSets {
    std::vector<std::pair<core::NonDigitFamily, core::Dataset>> nonDigits;
    core::Dataset mnistTest;                // as it is
    core::Dataset mnistTestRestroked;       // redrawn with the pad's pen
    std::array<core::Dataset, kFolds> pen;  // each fold's writers, drawn once, labelled
    std::vector<core::Dataset> lookalikes;  // 1, 0 and 7 drawn as the simplest shapes
};

MeasureSets makeMeasureSets(const Sources& s, int perFamily) {
    MeasureSets m;
    for (core::NonDigitFamily family : core::kNonDigitFamilies) {
        m.nonDigits.emplace_back(family, emptySet(std::string(core::toString(family))));
        appendNonDigits(m.nonDigits.back().second, family, kMeasureSeeds, perFamily, 0);
    }
    m.mnistTest = s.mnistTest;
    m.mnistTestRestroked = emptySet("mnist-test-restroked");
    appendMnist(m.mnistTestRestroked, s.mnistTest, 0, s.mnistTest.count, true, 0);
    // the labels: restroking keeps the order
    m.mnistTestRestroked.labels = s.mnistTest.labels;
    for (int digit : {1, 0, 7}) {
        m.lookalikes.push_back(emptySet("a " + std::to_string(digit) + " drawn plainly"));
        for (int i = 0; i < perFamily; ++i)
            appendInput(m.lookalikes.back(),
                        core::networkInput(lookalikeDigit(digit, kMeasureSeeds + i)), digit);
    }
    for (int fold = 0; fold < kFolds; ++fold) {
        m.pen[static_cast<std::size_t>(fold)] = emptySet("pen-fold-" + std::to_string(fold + 1));
        for (const core::Drawing& drawing : s.pen)
            if (writerFold(drawing.writer) == fold)
                appendInput(m.pen[static_cast<std::size_t>(fold)], core::networkInput(drawing),
                            drawing.label);
    }
    return m;
}

// A detector: which samples of a set it flags. `fold` is the fold of writers the set belongs
// to (a detector fitted on pen digits uses its fit without them), -1 for other sets.
struct Detector {
    std::string name;
    std::function<Flags(const core::Dataset& set, int fold)> flags;
};

Flags above(const Eigen::VectorXf& scores, float threshold) {
    return scores.array() >= threshold;
}

Score gateScore(const core::Network& network) {
    return [&network](const Eigen::MatrixXf& x) {
        core::GradientWorkspace workspace;
        core::Matrix out;
        network.predictBatch(x, workspace, out);
        return Eigen::VectorXf(out.row(core::DigitGate::kNotADigit).transpose());
    };
}

Score doubt(const core::Network& classifier) {  // 1 - the classifier's top probability
    return [&classifier](const Eigen::MatrixXf& x) {
        core::GradientWorkspace workspace;
        core::Matrix out;
        classifier.predictBatch(x, workspace, out);
        return Eigen::VectorXf(1.0f - out.colwise().maxCoeff().transpose().array());
    };
}

std::string percent(const Flags& flags) {
    std::ostringstream text;
    const auto share = static_cast<double>(flags.count()) /
                       static_cast<double>(std::max<Eigen::Index>(1, flags.size()));
    text << std::fixed << std::setprecision(1) << 100.0 * share << '%';
    return text.str();
}

void row(std::ostream& out, const std::string& head, const std::vector<std::string>& cells) {
    out << "| " << head;
    for (const std::string& cell : cells) out << " | " << cell;
    out << " |\n";
}

void header(std::ostream& out, const std::string& first, const std::vector<Detector>& detectors) {
    out << "| " << first;
    for (const Detector& d : detectors) out << " | " << d.name;
    out << " |\n|---";
    for (std::size_t i = 0; i < detectors.size(); ++i) out << "|---:";
    out << "|\n";
}

// Accuracy of `classifier` on a labelled set: all, on what `flags` passes, on what it flags.
std::string accuracies(const core::Network& classifier, const core::Dataset& set,
                       const Flags& flags) {
    core::GradientWorkspace workspace;
    core::Matrix out;
    std::array<std::int64_t, 3> correct{}, total{};
    for (std::int64_t begin = 0; begin < set.count; begin += 2000) {
        const std::int64_t end = std::min(set.count, begin + 2000);
        classifier.predictBatch(floatsOf(set, begin, end), workspace, out);
        for (std::int64_t i = begin; i < end; ++i) {
            Eigen::Index best = 0;
            out.col(i - begin).maxCoeff(&best);
            const bool right = best == set.labels[static_cast<std::size_t>(i)];
            for (int k : {0, flags(i) ? 2 : 1}) total[k]++, correct[k] += right;
        }
    }
    std::ostringstream text;
    text << std::fixed << std::setprecision(2);
    for (int k = 0; k < 3; ++k)
        text << (k ? " | " : "")
             << (total[k] ? 100.0 * static_cast<double>(correct[k]) / static_cast<double>(total[k])
                          : 0.0)
             << "% (" << total[k] << ")";
    return text.str();
}

// base.train without samples [begin, end).
core::Dataset without(const core::Dataset& set, std::int64_t begin, std::int64_t end) {
    core::Dataset out = emptySet(set.name);
    const auto size = static_cast<std::int64_t>(set.featureSize());
    out.pixels.assign(set.pixels.begin(), set.pixels.begin() + begin * size);
    out.pixels.insert(out.pixels.end(), set.pixels.begin() + end * size, set.pixels.end());
    out.labels.assign(set.labels.begin(), set.labels.begin() + begin);
    out.labels.insert(out.labels.end(), set.labels.begin() + end, set.labels.end());
    out.count = set.count - (end - begin);
    return out;
}

// For each fitted family, a gate fitted without it (all writers' pen digits), on that family:
// how much of what the gate catches it catches only because it was shown that shape.
template <typename Progress>
void familyHoldout(FitBase& base, const Sources& sources, const MeasureSets& measure,
                   const GateRecipe& recipe, const core::DigitGate& shipped, std::ostream& out,
                   const Progress& progress) {
    out << "\n### Each fitted family left out of the fit\n\n| family | gate fitted on it | gate "
           "never shown it |\n|---|---:|---:|\n";
    for (const FitBase::Range& range : base.nonDigits) {
        FitBase reduced{without(base.train, range.begin, range.end), base.validation, {}};
        const core::Model gate = withPenDigits(
            reduced, sources, -1, recipe, [&](auto& t, auto& v) { return fitGate(t, v, recipe); });
        for (const auto& [family, set] : measure.nonDigits) {
            if (family != range.family) continue;
            const Flags held = above(scoreSet(set, gateScore(gate.network)),
                                     std::stof(gate.metadata.at("threshold")));
            const Flags fitted =
                above(scoreSet(set, gateScore(shipped.network())), shipped.threshold());
            row(out, std::string(core::toString(family)), {percent(fitted), percent(held)});
        }
        progress(std::string("left out ") + std::string(core::toString(range.family)));
    }
}

}  // namespace

int report(const ReportOptions& options, std::ostream& out) {
    const auto start = std::chrono::steady_clock::now();
    const auto progress = [&](const std::string& what) {
        std::fprintf(
            stderr, "[%6.1f s] %s\n",
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
            what.c_str());
    };
    const GateRecipe recipe;
    const Sources sources = readSources(options.dataDir, options.penPath);
    const MeasureSets measure = makeMeasureSets(sources, options.perFamily);
    FitBase base = makeFitBase(sources, recipe);
    progress("data ready");

    const core::DigitGate shipped = options.gatePath.empty()
                                        ? ui::BundledModels::gate()
                                        : core::DigitGate::load(options.gatePath);
    // Per fold of writers: a gate and a PCA score fitted without them.
    std::vector<core::Model> foldGates;
    std::vector<std::unique_ptr<PcaScore>> foldPca;
    constexpr int kComponents = 40;
    const auto fitPca = [&](const core::Dataset& train, const core::Dataset& validation) {
        auto pca = std::make_unique<PcaScore>(train, 0, kComponents);
        pca->threshold = thresholdFor(scoreSet(validation, std::cref(*pca)), recipe.digitRate, 0);
        return pca;
    };
    for (int fold = 0; options.folds && fold < kFolds; ++fold) {
        foldGates.push_back(withPenDigits(base, sources, fold, recipe,
                                          [&](auto& t, auto& v) { return fitGate(t, v, recipe); }));
        foldPca.push_back(withPenDigits(base, sources, fold, recipe, fitPca));
        progress("fold " + std::to_string(fold + 1) + " fitted (gate threshold " +
                 foldGates.back().metadata.at("threshold") + ")");
    }
    const std::unique_ptr<PcaScore> pca = withPenDigits(base, sources, -1, recipe, fitPca);
    progress("PCA fitted on all writers");

    std::vector<Detector> detectors;
    detectors.push_back({"gate", [&](const core::Dataset& set, int fold) -> Flags {
                             if (fold < 0)
                                 return above(scoreSet(set, gateScore(shipped.network())),
                                              shipped.threshold());
                             const core::Model& m = foldGates[static_cast<std::size_t>(fold)];
                             return above(scoreSet(set, gateScore(m.network)),
                                          std::stof(m.metadata.at("threshold")));
                         }});
    detectors.push_back({"PCA density", [&](const core::Dataset& set, int fold) -> Flags {
                             const PcaScore& p =
                                 fold < 0 ? *pca : *foldPca[static_cast<std::size_t>(fold)];
                             return above(scoreSet(set, std::cref(p)), p.threshold);
                         }});
    std::vector<std::pair<QString, core::Model>> models;
    for (const QString& name : ui::BundledModels::names())
        models.emplace_back(name, ui::BundledModels::load(name));
    for (const auto& [name, model] : models) {
        const float threshold =
            thresholdFor(scoreSet(base.validation, doubt(model.network)), recipe.digitRate, 0);
        const auto* network = &model.network;
        detectors.push_back({"confidence (" + name.toStdString() + ")",
                             [network, threshold](const core::Dataset& set, int) -> Flags {
                                 return above(scoreSet(set, doubt(*network)), threshold);
                             }});
        const Detector gate = detectors.front();
        detectors.push_back(
            {"gate or confidence (" + name.toStdString() + ")",
             [gate, network, threshold](const core::Dataset& set, int fold) -> Flags {
                 return gate.flags(set, fold) || above(scoreSet(set, doubt(*network)), threshold);
             }});
    }

    out << "### Non-digits flagged (" << options.perFamily << " a family, seeds from "
        << kMeasureSeeds << "; the fit's seeds start at " << kFitSeeds << ")\n\n";
    header(out, "family", detectors);
    for (const auto& [family, set] : measure.nonDigits) {
        std::vector<std::string> cells;
        for (const Detector& d : detectors) cells.push_back(percent(d.flags(set, -1)));
        std::string name(core::toString(family));
        if (core::isTargetFamily(family)) name += " (target)";
        if (!fittedFamily(family)) name += " (never fitted)";
        row(out, name, cells);
    }
    out << "\n### Digits flagged\n\n";
    header(out, "digits", detectors);
    for (const auto* set : {&measure.mnistTest, &measure.mnistTestRestroked}) {
        std::vector<std::string> cells;
        for (const Detector& d : detectors) cells.push_back(percent(d.flags(*set, -1)));
        row(out, set == &measure.mnistTest ? "MNIST test (10,000)" : "MNIST test restroked", cells);
    }
    for (const core::Dataset& set : measure.lookalikes) {
        std::vector<std::string> cells;
        for (const Detector& d : detectors) cells.push_back(percent(d.flags(set, -1)));
        row(out, set.name + " (" + std::to_string(set.count) + ", generated)", cells);
    }
    for (int fold = 0; options.folds && fold < kFolds; ++fold) {
        const core::Dataset& set = measure.pen[static_cast<std::size_t>(fold)];
        std::vector<std::string> cells;
        for (const Detector& d : detectors) cells.push_back(percent(d.flags(set, fold)));
        row(out,
            "pen digits, fold " + std::to_string(fold + 1) + " (" + std::to_string(set.count) +
                ", writers left out of the fit)",
            cells);
    }
    progress("detectors measured");

    out << "\n### Bundled models: accuracy on all digits | on those the gate passes | on those it "
           "flags (count)\n\n| model | set | all | passed | flagged |\n|---|---|---:|---:|---:|\n";
    for (const auto& [name, model] : models) {
        out << "| " << name.toStdString() << " | MNIST test | "
            << accuracies(model.network, measure.mnistTest,
                          detectors.front().flags(measure.mnistTest, -1))
            << " |\n";
        for (int fold = 0; options.folds && fold < kFolds; ++fold) {
            const core::Dataset& set = measure.pen[static_cast<std::size_t>(fold)];
            out << "| " << name.toStdString() << " | pen fold " << fold + 1 << " | "
                << accuracies(model.network, set, detectors.front().flags(set, fold)) << " |\n";
        }
    }
    out << "\nGate: " << shipped.network().architecture().sizesString() << ", threshold "
        << shipped.threshold() << " on p(not a digit).\n";
    if (options.familyHoldout)
        familyHoldout(base, sources, measure, recipe, shipped, out, progress);
    return 0;
}

}  // namespace digitscope::bench
