// digitscope-writer-folds: leave-writers-out validation on a stroke dataset with writers.
// scripts/eval-writers.sh runs it around `digitscope-cli train`:
//   split: the writers into N folds; for each fold, a training file of the other folds'
//          drawings and a test file of its own
//   score: each fold's model (trained without the fold's writers) on the fold's drawings, read
//          through the app's pen path (networkInput): per writer, per fold, median and worst
//          writer, the commonest mistakes, and the MNIST test accuracy the training reported.
// Plain C++ on core: no Qt.

#include <Eigen/Core>
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/base/errors.h"
#include "core/data/stroke_file.h"
#include "core/data/stroke_set.h"
#include "core/input/pen.h"
#include "core/io/model_file.h"
#include "core/nn/compute_threads.h"

namespace {

using namespace digitscope::core;
namespace fs = std::filesystem;

const char* kUsage =
    "usage:\n"
    "  digitscope-writer-folds split --strokes FILE --folds N --out-dir DIR\n"
    "      DIR/fold-K-train.jsonl: every writer but fold K's; DIR/fold-K-test.jsonl: fold K's\n"
    "      (K = 1..N; writers in numeric order, dealt to the folds in turn)\n"
    "  digitscope-writer-folds score --folds N --out-dir DIR [--name NAME] [--writers]\n"
    "      [--model MODEL]\n"
    "      scores DIR/fold-K.dsm on DIR/fold-K-test.jsonl; reads the MNIST test accuracy of\n"
    "      the last line of DIR/fold-K-train.json (digitscope-cli train --json) when present.\n"
    "      --writers: a row per writer too. --model: MODEL on every fold instead (a model\n"
    "      that saw none of the writers)\n";

struct Options {
    std::string command, strokes, outDir, model, name = "model";
    int folds = 5;
    bool writers = false;
};

Options parse(int argc, char** argv) {
    if (argc < 2) throw std::invalid_argument("no command");
    Options o;
    o.command = argv[1];
    for (int i = 2; i < argc; ++i) {
        const std::string key = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(key + " needs a value");
            return argv[++i];
        };
        if (key == "--strokes")
            o.strokes = value();
        else if (key == "--out-dir")
            o.outDir = value();
        else if (key == "--name")
            o.name = value();
        else if (key == "--model")
            o.model = value();
        else if (key == "--writers")
            o.writers = true;
        else if (key == "--folds") {
            const std::string text = value();
            const auto [end, error] =
                std::from_chars(text.data(), text.data() + text.size(), o.folds);
            if (error != std::errc{} || end != text.data() + text.size() || o.folds < 2 ||
                o.folds > 100)
                throw std::invalid_argument("--folds must be a whole number from 2 to 100");
        } else
            throw std::invalid_argument("unknown option " + key);
    }
    if (o.outDir.empty()) throw std::invalid_argument("--out-dir is needed");
    return o;
}

// Numeric writer ids in numeric order, others after them in text order.
bool writerBefore(const std::string& a, const std::string& b) {
    const auto numeric = [](const std::string& s) {
        return !s.empty() &&
               std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (numeric(a) != numeric(b)) return numeric(a);
    if (numeric(a) && a.size() != b.size()) return a.size() < b.size();
    return a < b;
}

std::string foldFile(const Options& o, int fold, const char* suffix) {
    return (fs::path(o.outDir) / ("fold-" + std::to_string(fold) + suffix)).string();
}

void split(const Options& o) {
    if (o.strokes.empty()) throw std::invalid_argument("split needs --strokes FILE");
    const StrokeSet set = StrokeSet::read(o.strokes);
    std::vector<std::string> writers;
    for (const Drawing& d : set.drawings) {
        if (d.writer.empty()) throw FileError(o.strokes, "a drawing has no writer");
        writers.push_back(d.writer);
    }
    std::sort(writers.begin(), writers.end(), writerBefore);
    writers.erase(std::unique(writers.begin(), writers.end()), writers.end());
    if (static_cast<int>(writers.size()) < o.folds)
        throw FileError(o.strokes, "has fewer writers than folds");
    std::map<std::string, int> foldOf;
    for (std::size_t i = 0; i < writers.size(); ++i)
        foldOf[writers[i]] = static_cast<int>(i % std::size_t(o.folds)) + 1;
    fs::create_directories(o.outDir);
    for (int fold = 1; fold <= o.folds; ++fold) {
        std::ofstream train(foldFile(o, fold, "-train.jsonl")),
            test(foldFile(o, fold, "-test.jsonl"));
        for (const Drawing& d : set.drawings)
            (foldOf[d.writer] == fold ? test : train) << StrokeFile::toJsonLine(d) << '\n';
        if (!train || !test) throw FileError(foldFile(o, fold, "-*.jsonl"), "cannot write");
        std::cout << "fold " << fold << ": writers";
        for (const std::string& w : writers)
            if (foldOf[w] == fold) std::cout << ' ' << w;
        std::cout << '\n';
    }
}

// The number after "key": on the last line of a `digitscope-cli train --json` output; NaN when
// the file or the key is missing.
double lastJsonNumber(const std::string& path, const std::string& key) {
    std::ifstream in(path);
    std::string line, last;
    while (std::getline(in, line))
        if (!line.empty()) last = line;
    const auto at = last.find("\"" + key + "\":");
    if (at == std::string::npos) return std::nan("");
    return std::atof(last.c_str() + at + key.size() + 3);
}

std::string percent(double share, int decimals = 1) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f%%", decimals, 100 * share);
    return text;
}

struct Tally {
    int digits = 0, correct = 0;
    double accuracy() const { return digits ? static_cast<double>(correct) / digits : 0.0; }
};

void score(const Options& o) {
    setComputeThreads(1);  // as the app: the pen path's small products stay on one core
    std::map<std::string, Tally, decltype(&writerBefore)> writers(&writerBefore);
    std::map<std::string, int> foldOf;
    std::vector<Tally> folds(std::size_t(o.folds));
    std::map<std::pair<int, int>, int> mistakes;  // (label, answer) -> count
    std::vector<int> perLabel(10, 0);
    double mnist = 0, seconds = 0;
    int mnistFolds = 0;
    for (int fold = 1; fold <= o.folds; ++fold) {
        const Model model = ModelFile::load(o.model.empty() ? foldFile(o, fold, ".dsm") : o.model);
        const StrokeSet test = StrokeSet::read(foldFile(o, fold, "-test.jsonl"));
        for (const Drawing& d : test.drawings) {
            Eigen::Index answer = 0;
            model.network.predict(networkInput(d)).maxCoeff(&answer);
            const bool right = answer == d.label;
            for (Tally* t : {&writers[d.writer], &folds[std::size_t(fold - 1)]})
                ++t->digits, t->correct += right;
            foldOf[d.writer] = fold;
            ++perLabel[std::size_t(d.label)];
            if (!right) ++mistakes[{d.label, static_cast<int>(answer)}];
        }
        const std::string log = o.model.empty() ? foldFile(o, fold, "-train.json") : "";
        if (const double a = lastJsonNumber(log, "test_accuracy"); !std::isnan(a)) {
            mnist += a, ++mnistFolds;
            seconds += lastJsonNumber(log, "elapsed_s");
        }
    }
    std::vector<std::pair<double, std::string>> ranked;
    for (const auto& [writer, tally] : writers) ranked.emplace_back(tally.accuracy(), writer);
    std::sort(ranked.begin(), ranked.end());
    const std::size_t n = ranked.size();
    const double median =
        n % 2 ? ranked[n / 2].first : (ranked[n / 2 - 1].first + ranked[n / 2].first) / 2;
    double foldMean = 0;
    std::string foldList;
    for (const Tally& t : folds) {
        foldMean += t.accuracy() / o.folds;
        if (!foldList.empty()) foldList += ' ';
        foldList += percent(t.accuracy());
    }

    if (o.writers) {
        std::cout << "| writer | fold | digits | " << o.name
                  << " |\n| --- | ---: | ---: | ---: |\n";
        for (const auto& [writer, tally] : writers)
            std::cout << "| " << writer << " | " << foldOf[writer] << " | " << tally.digits << " | "
                      << percent(tally.accuracy()) << " |\n";
        std::cout << '\n';
    }
    std::cout << "| model | unseen writers (fold mean) | folds | median writer | worst writer | "
                 "MNIST test (fold mean) | training s (fold mean) |\n"
                 "| --- | ---: | --- | ---: | ---: | ---: | ---: |\n"
              << "| " << o.name << " | " << percent(foldMean, 2) << " | " << foldList << " | "
              << percent(median) << " | " << percent(ranked.front().first) << " (writer "
              << ranked.front().second << ") | "
              << (mnistFolds ? percent(mnist / mnistFolds, 2) : std::string("—")) << " | ";
    if (mnistFolds)
        std::cout << std::lround(seconds / mnistFolds);
    else
        std::cout << "—";
    std::cout << " |\n\ncommonest mistakes (share of the digit's drawings):";
    std::vector<std::pair<int, std::pair<int, int>>> common;
    for (const auto& [pair, count] : mistakes) common.push_back({count, pair});
    std::sort(common.rbegin(), common.rend());
    for (std::size_t i = 0; i < std::min<std::size_t>(6, common.size()); ++i) {
        const auto [label, answer] = common[i].second;
        std::cout << (i ? "," : "") << ' ' << label << " as " << answer << ' '
                  << percent(static_cast<double>(common[i].first) / perLabel[std::size_t(label)]);
    }
    std::cout << '\n';
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options options = parse(argc, argv);
        if (options.command == "split")
            split(options);
        else if (options.command == "score")
            score(options);
        else
            throw std::invalid_argument("unknown command " + options.command);
    } catch (const std::invalid_argument& error) {
        std::cerr << "error: " << error.what() << "\n\n" << kUsage;
        return 2;
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << '\n';
        return 1;
    }
    return 0;
}
