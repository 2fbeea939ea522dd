// digitscope-unsure: fits the digit gate behind the "doesn't look like a digit" answer and
// measures it against the other candidates. scripts/fit-digit-gate.sh and
// scripts/eval-unsure.sh run it.

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QImage>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

#include "bench/unsure/gate_data.h"
#include "bench/unsure/gate_fit.h"
#include "bench/unsure/report.h"
#include "core/base/errors.h"
#include "core/explain/digit_gate.h"
#include "core/input/pen.h"
#include "core/nn/compute_threads.h"

namespace digitscope::bench {
namespace {

const char* kUsage =
    "usage:\n"
    "  digitscope-unsure --fit OUT.dsm [--data DIR] [--pen FILE]\n"
    "      fits the gate on MNIST training images, all 30 writers' pen digits and generated\n"
    "      non-digits, and writes it (resources/gate/digit_gate.dsm is made this way)\n"
    "  digitscope-unsure --report [--gate FILE] [--count N] [--no-folds] [--family-holdout]\n"
    "      [--data DIR] [--pen FILE]\n"
    "      non-digits flagged per family (N each, seeds the fit never used), MNIST test digits\n"
    "      flagged, pen digits flagged per fold of writers (a gate re-fitted without them), for\n"
    "      the gate and the other candidates, and what it means for both bundled models\n"
    "  digitscope-unsure --sheet PNG [--family NAME|lookalikes] [--seed N] [--count N]\n"
    "      [--passed-by GATE]\n"
    "      network inputs of generated non-digits (all families without --family), or of the\n"
    "      plainly drawn 1s, 0s and 7s the non-digits leave out; with --passed-by, only the\n"
    "      non-digits that gate misses\n";

std::int64_t number(const QCommandLineParser& args, const QString& name, std::int64_t fallback) {
    if (!args.isSet(name)) return fallback;
    bool ok = false;
    const qlonglong value = args.value(name).toLongLong(&ok);
    if (!ok || value < 0)
        throw std::invalid_argument("--" + name.toStdString() + " must be a whole number");
    return value;
}

double seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void progress(const std::string& what, std::chrono::steady_clock::time_point start) {
    std::fprintf(stderr, "[%6.1f s] %s\n", seconds(start), what.c_str());
}

int fit(const QCommandLineParser& args) {
    const auto start = std::chrono::steady_clock::now();
    const GateRecipe recipe;
    const Sources sources =
        readSources(args.value("data").toStdString(), args.value("pen").toStdString());
    FitBase base = makeFitBase(sources, recipe);
    progress("data ready", start);
    const core::Model model =
        withPenDigits(base, sources, -1, recipe,
                      [&](const core::Dataset& train, const core::Dataset& validation) {
                          return fitGate(train, validation, recipe);
                      });
    core::ModelFile::save(args.value("fit").toStdString(), model.network, model.metadata);
    progress("wrote " + args.value("fit").toStdString() + " (threshold " +
                 model.metadata.at("threshold") + ")",
             start);
    return 0;
}

QImage sheet(const std::vector<core::Drawing>& drawings, int columns) {
    constexpr int kCell = 56;
    const int rows = (static_cast<int>(drawings.size()) + columns - 1) / columns;
    QImage image(columns * kCell, rows * kCell, QImage::Format_Grayscale8);
    image.fill(40);
    for (std::size_t i = 0; i < drawings.size(); ++i) {
        const Eigen::VectorXf input = core::networkInput(drawings[i]);
        const int cx = static_cast<int>(i) % columns * kCell,
                  cy = static_cast<int>(i) / columns * kCell;
        for (int y = 0; y < 28 * 2; ++y)
            for (int x = 0; x < 28 * 2; ++x)
                if (x < kCell - 1 && y < kCell - 1)
                    image.setPixel(
                        cx + x, cy + y,
                        qRgb(0, 0, 0) |
                            static_cast<unsigned>(255 * input(y / 2 * 28 + x / 2)) * 0x010101u);
    }
    return image;
}

int writeSheet(const QCommandLineParser& args) {
    const auto seed = static_cast<std::uint64_t>(number(args, "seed", kMeasureSeeds));
    const int count = static_cast<int>(number(args, "count", 24));
    std::vector<core::Drawing> drawings;
    if (args.value("family") == "lookalikes") {  // the digits left out of the non-digit set
        for (int digit : {1, 0, 7})
            for (int i = 0; i < count; ++i) drawings.push_back(lookalikeDigit(digit, seed + i));
        return sheet(drawings, count).save(args.value("sheet")) ? 0 : 1;
    }
    std::vector<core::NonDigitFamily> families;
    if (args.isSet("family"))
        families.push_back(core::parseNonDigitFamily(args.value("family").toStdString()));
    else
        families.assign(core::kNonDigitFamilies.begin(), core::kNonDigitFamilies.end());
    // --passed-by GATE: only what that gate lets through (of up to 100 times as many), a row a
    // family, empty cells where fewer were found.
    std::optional<core::DigitGate> gate;
    if (args.isSet("passed-by"))
        gate = core::DigitGate::load(args.value("passed-by").toStdString());
    for (core::NonDigitFamily family : families) {
        int found = 0;
        for (int i = 0; found < count && i < (gate ? 100 : 1) * count; ++i) {
            core::Drawing drawing =
                core::makeNonDigit(family, seed + static_cast<std::uint64_t>(i));
            if (gate && gate->flags(core::networkInput(drawing))) continue;
            drawings.push_back(std::move(drawing));
            ++found;
        }
        for (; found < count; ++found) drawings.emplace_back();
    }
    const QString path = args.value("sheet");
    if (!sheet(drawings, count).save(path))
        throw core::FileError(path.toStdString(), "cannot write");
    return 0;
}

}  // namespace
}  // namespace digitscope::bench

int main(int argc, char** argv) {
    using namespace digitscope;
    QCoreApplication application(argc, argv);
    // One thread, as the app: preprocessing's small products only lose by being split, and so
    // do the gate's trainer's (core::effectiveThreads).
    core::setComputeThreads(1);
    QCommandLineParser args;
    args.addOptions({
        {"fit", "Fit the gate and write it here.", "OUT"},
        {"report", "Measure the gate and the other candidates."},
        {"sheet", "Write network inputs of generated non-digits to this PNG.", "PNG"},
        {"gate", "The gate to measure (default: the bundled one).", "FILE"},
        {"data", "MNIST folder.", "DIR", "data/mnist"},
        {"pen", "Pen digits (stroke dataset).", "FILE",
         "resources/pendigits/pendigits-train.jsonl.gz"},
        {"family", "One family of non-digits.", "NAME"},
        {"passed-by", "Sheet: only the non-digits this gate misses.", "GATE"},
        {"seed", "First seed.", "N"},
        {"count", "Drawings per family.", "N"},
        {"no-folds", "Report: skip re-fitting a gate per fold of writers."},
        {"family-holdout", "Report: also re-fit a gate without each fitted family in turn."},
    });
    args.process(application);
    try {
        if (args.isSet("fit")) return bench::fit(args);
        if (args.isSet("report")) {
            bench::ReportOptions options;
            options.dataDir = args.value("data").toStdString();
            options.penPath = args.value("pen").toStdString();
            options.gatePath = args.value("gate").toStdString();
            options.perFamily = static_cast<int>(bench::number(args, "count", options.perFamily));
            options.folds = !args.isSet("no-folds");
            options.familyHoldout = args.isSet("family-holdout");
            return bench::report(options, std::cout);
        }
        if (args.isSet("sheet")) return bench::writeSheet(args);
        std::cerr << bench::kUsage;
        return 2;
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << '\n';
        return 1;
    }
}
