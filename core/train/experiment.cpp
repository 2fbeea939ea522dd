#include "core/train/experiment.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/base/errors.h"
#include "core/nn/optimizer.h"

namespace digitscope::core {
namespace {

std::string exactNumber(double value) {
    char text[40];
    for (int digits = 6; digits <= 17; ++digits) {
        std::snprintf(text, sizeof text, "%.*g", digits, value);
        if (std::strtod(text, nullptr) == value) break;
    }
    return text;
}

bool needsQuotes(const std::string& word) {
    if (word.empty()) return true;
    for (const char c : word) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') ||
                           std::string_view("-_./:,=+@%").find(c) != std::string_view::npos;
        if (!plain) return true;
    }
    return false;
}

std::string quoted(const std::string& word) {
    if (!needsQuotes(word)) return word;
    std::string text = "'";
    for (const char c : word) text += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return text + "'";
}

const std::string& required(const std::map<std::string, std::string>& metadata,
                            const std::string& key) {
    const auto found = metadata.find(key);
    if (found == metadata.end() || found->second.empty())
        throw ConfigError("the model does not record its '" + key + "'");
    return found->second;
}

std::string optional(const std::map<std::string, std::string>& metadata, const std::string& key,
                     const std::string& fallback) {
    const auto found = metadata.find(key);
    return found == metadata.end() || found->second.empty() ? fallback : found->second;
}

double number(const std::string& key, const std::string& text) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !std::isfinite(value))
        throw ConfigError("the model's '" + key + "' is not a number: '" + text + "'");
    return value;
}

std::int64_t integer(const std::string& key, const std::string& text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size())
        throw ConfigError("the model's '" + key + "' is not a whole number: '" + text + "'");
    return value;
}

}  // namespace

std::string shortestText(float value) {
    char text[32];
    for (int digits = 6; digits <= 9; ++digits) {
        std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(value));
        if (std::strtof(text, nullptr) == value) break;
    }
    return text;
}

bool Experiment::operator==(const Experiment& other) const {
    const TrainerSettings& a = settings;
    const TrainerSettings& b = other.settings;
    return architecture == other.architecture && data == other.data &&
           trainLimit == other.trainLimit && threads == other.threads &&
           strokeSets == other.strokeSets && a.optimizer.kind == b.optimizer.kind &&
           a.optimizer.learningRate == b.optimizer.learningRate &&
           a.optimizer.weightDecay == b.optimizer.weightDecay &&
           a.schedule.kind == b.schedule.kind && a.batchSize == b.batchSize &&
           a.epochs == b.epochs && a.seed == b.seed && a.augment == b.augment &&
           (!a.augment || a.augmentStrength == b.augmentStrength) &&
           a.restrokeShare == b.restrokeShare &&
           a.strokeAugmentStrength == b.strokeAugmentStrength && a.randomLabels == b.randomLabels;
}

std::vector<std::string> trainArguments(const Experiment& experiment) {
    const TrainerSettings& s = experiment.settings;
    const Architecture& arch = experiment.architecture;
    std::vector<std::string> words{"train",
                                   "--data",
                                   experiment.data.empty() ? "DIR" : experiment.data,
                                   "--arch",
                                   arch.sizesString(),
                                   "--activation",
                                   toString(arch.hidden),
                                   "--loss",
                                   toString(arch.loss),
                                   "--optimizer",
                                   toString(s.optimizer.kind),
                                   "--lr",
                                   shortestText(s.optimizer.learningRate),
                                   "--schedule",
                                   toString(s.schedule.kind),
                                   "--weight-decay",
                                   shortestText(s.optimizer.weightDecay),
                                   "--batch",
                                   std::to_string(s.batchSize),
                                   "--epochs",
                                   std::to_string(s.epochs),
                                   "--seed",
                                   std::to_string(s.seed)};
    if (s.augment) {
        words.insert(words.end(), {"--augment-strength", shortestText(s.augmentStrength)});
    } else {
        words.emplace_back("--no-augment");
    }
    words.insert(words.end(), {"--restroke", shortestText(s.restrokeShare)});
    for (const auto& [file, share] : experiment.strokeSets)
        words.insert(words.end(), {"--strokes-data", file + ":" + exactNumber(share)});
    if (!experiment.strokeSets.empty())
        words.insert(words.end(), {"--strokes-augment", shortestText(s.strokeAugmentStrength)});
    if (s.randomLabels) words.emplace_back("--random-labels");
    if (experiment.trainLimit > 0)
        words.insert(words.end(), {"--train-limit", std::to_string(experiment.trainLimit)});
    words.insert(words.end(), {"--threads", std::to_string(experiment.threads)});
    return words;
}

std::string trainCommand(const Experiment& experiment) {
    std::string line = "digitscope-cli";
    for (const std::string& word : trainArguments(experiment)) line += " " + quoted(word);
    return line;
}

std::vector<std::string> splitCommandLine(std::string_view line) {
    std::vector<std::string> words;
    std::string word;
    bool inWord = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (inWord) words.push_back(std::move(word));
            word.clear();
            inWord = false;
        } else if (c == '\'') {
            const std::size_t end = line.find('\'', i + 1);
            if (end == std::string_view::npos) throw ConfigError("a ' quote is not closed");
            word.append(line.substr(i + 1, end - i - 1));
            i = end;
            inWord = true;
        } else if (c == '"') {
            std::size_t j = i + 1;
            for (; j < line.size() && line[j] != '"'; ++j) {
                if (line[j] == '\\' && j + 1 < line.size() &&
                    std::string_view("\"\\$`").find(line[j + 1]) != std::string_view::npos)
                    ++j;
                word += line[j];
            }
            if (j >= line.size()) throw ConfigError("a \" quote is not closed");
            i = j;
            inWord = true;
        } else if (c == '\\') {
            if (i + 1 < line.size() && line[i + 1] != '\n') word += line[i + 1];
            ++i;
            inWord = true;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord) words.push_back(std::move(word));
    return words;
}

Experiment experimentFromMetadata(const std::map<std::string, std::string>& metadata,
                                  const Architecture& architecture, std::int64_t datasetSize) {
    Experiment experiment;
    experiment.architecture = architecture;
    experiment.architecture.normalization.reset();  // an import setting, not a training one
    TrainerSettings& s = experiment.settings;
    s.optimizer.kind = parseOptimizer(required(metadata, "optimizer"));
    s.optimizer.learningRate =
        static_cast<float>(number("learning_rate", required(metadata, "learning_rate")));
    s.optimizer.weightDecay =
        static_cast<float>(number("weight_decay", optional(metadata, "weight_decay", "0")));
    s.schedule.kind = parseSchedule(required(metadata, "schedule"));
    s.batchSize = static_cast<int>(integer("batch", required(metadata, "batch")));
    s.epochs = static_cast<int>(integer("epochs", required(metadata, "epochs")));
    const std::int64_t seed = integer("seed", required(metadata, "seed"));
    if (seed < 0) throw ConfigError("the model's 'seed' is negative");
    s.seed = static_cast<std::uint64_t>(seed);
    const std::string augment = optional(metadata, "augment", "no");
    s.augment = augment != "no";
    if (s.augment) s.augmentStrength = static_cast<float>(number("augment", augment));
    s.restrokeShare = static_cast<float>(number("restroke", optional(metadata, "restroke", "0")));
    s.strokeAugmentStrength =
        static_cast<float>(number("strokes_augment", optional(metadata, "strokes_augment", "1")));
    const std::string randomLabels = optional(metadata, "random_labels", "no");
    if (randomLabels != "yes" && randomLabels != "no")
        throw ConfigError("the model's 'random_labels' is neither yes nor no: '" + randomLabels +
                          "'");
    s.randomLabels = randomLabels == "yes";
    experiment.data = optional(metadata, "dataset", "");
    const std::string strokes = optional(metadata, "strokes_data", "none");
    if (strokes != "none") {
        std::size_t start = 0;
        while (start <= strokes.size()) {
            const std::size_t comma = std::min(strokes.find(',', start), strokes.size());
            const std::string entry = strokes.substr(start, comma - start);
            const std::size_t colon = entry.rfind(':');
            if (colon == std::string::npos || colon == 0)
                throw ConfigError("the model's 'strokes_data' entry '" + entry +
                                  "' is not FILE:SHARE");
            experiment.strokeSets.emplace_back(entry.substr(0, colon),
                                               number("strokes_data", entry.substr(colon + 1)));
            start = comma + 1;
        }
    }
    const std::string samples = optional(metadata, "train_samples", "");
    if (!samples.empty() && datasetSize > 0) {
        const std::int64_t count = integer("train_samples", samples);
        if (count > 0 && count < datasetSize) experiment.trainLimit = count;
    }
    return experiment;
}

}  // namespace digitscope::core
