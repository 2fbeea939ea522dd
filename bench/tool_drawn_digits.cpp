// digitscope-drawn-digits: MNIST test digits redrawn as people draw on the pad (traced into
// strokes, then drawn at random sizes, places, pen widths and canvas shapes), and their scores.
// scripts/eval-drawn.sh runs it together with `digitscope-cli predict`.

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QTextStream>
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>

#include "bench/drawn/drawn_digit_views.h"
#include "core/base/errors.h"
#include "core/data/stroke_file.h"
#include "core/input/pen.h"
#include "session/canvas/stroke_rasterizer.h"
#include "session/models/bundled_models.h"

namespace digitscope::bench {
namespace {

// Digits whose traced strokes redraw them this badly (IoU of the ink) are skipped: very
// thick digits whose loops are filled in, which thinning cannot recover.
constexpr double kMinOverlap = 0.5;

const char* kUsage =
    "usage:\n"
    "  digitscope-drawn-digits [--data DIR] [--count N] [--seed N] [--out-dir DIR]\n"
    "      writes DIR/drawings.jsonl (for digitscope-cli predict --strokes), DIR/labels.txt\n"
    "      (one digit a line) and DIR/poses.tsv (canvas, size, pen, ... of each drawing)\n"
    "  digitscope-drawn-digits --out-dir DIR --score PREDICTIONS [--name NAME] [--details]\n"
    "      scores digitscope-cli predict's output: a markdown table row (or details)\n"
    "  digitscope-drawn-digits --out-dir DIR --score-naive --model MODEL [--name N] [--details]\n"
    "      the baseline: the whole canvas smoothly scaled to 28 x 28, no cropping or centring\n"
    "      [--details]   the app's preprocessing after redrawing the strokes ~2.5 px wide\n"
    "  digitscope-drawn-digits --out-dir DIR --score-tracing --model MODEL [--data DIR]\n"
    "      [--trace-sheet PNG [--first N]]   the same MNIST digits as they are, and traced and\n"
    "      redrawn 28 x 28 (no hand); the sheet shows digits lost to tracing\n"
    "  digitscope-drawn-digits --markdown-header\n"
    "  digitscope-drawn-digits --out-dir DIR --contact-sheet PNG [--first N] [--data DIR]\n"
    "      [--score PREDICTIONS --failures]\n"
    "  digitscope-drawn-digits --trace-sheet PNG [--first N] [--data DIR]\n"
    "  digitscope-drawn-digits --out-dir DIR --thickness [--data DIR]\n";

// A whole number option from `min` up; throws std::invalid_argument naming the option.
std::int64_t number(const QCommandLineParser& args, const QString& name, std::int64_t min) {
    bool ok = false;
    const qlonglong value = args.value(name).toLongLong(&ok);
    if (!ok || value < min)
        throw std::invalid_argument("--" + name.toStdString() + " must be a whole number from " +
                                    std::to_string(min));
    return value;
}

void open(QFile& file, QIODevice::OpenMode mode) {
    if (!file.open(mode))
        throw core::FileError(file.fileName().toStdString(), file.errorString().toStdString());
}

void generate(const QCommandLineParser& args) {
    const core::Dataset test = readTestSet(args.value("data"));
    const std::int64_t count = number(args, "count", 1);
    const auto seed = static_cast<std::uint64_t>(number(args, "seed", 0));
    const QDir out(args.value("out-dir"));
    if (!QDir().mkpath(out.path())) throw core::FileError(out.path().toStdString(), "no folder");
    QFile drawings(out.filePath("drawings.jsonl")), labels(out.filePath("labels.txt")),
        poses(out.filePath("poses.tsv"));
    for (QFile* file : {&drawings, &labels, &poses}) open(*file, QIODevice::WriteOnly);
    QTextStream labelText(&labels), poseText(&poses);
    poseText << "index\tlabel\tmnist_index\tcanvas_w\tcanvas_h\theight_fraction\tpen_width"
                "\trotation_deg\tshear\twidth_scale\tinput_stroke_px\n";
    std::int64_t next = 0, skipped = 0;
    for (std::int64_t i = 0; i < count; ++i) {
        std::int64_t index = next++ % test.count;
        Trace trace = traceDigit(test, index);
        while (trace.overlap < kMinOverlap) {
            if (++skipped > test.count) throw std::runtime_error("the tracer fails on every digit");
            index = next++ % test.count;
            trace = traceDigit(test, index);
        }
        // Drawing i is the same whatever --count is.
        std::seed_seq sequence{static_cast<std::uint32_t>(seed),
                               static_cast<std::uint32_t>(seed >> 32),
                               static_cast<std::uint32_t>(i)};
        std::mt19937_64 rng(sequence);
        const DrawnDigit digit = HandDrawer::draw(trace.strokes, rng);
        drawings.write(
            QByteArray::fromStdString(core::StrokeFile::toJsonLine(digit.drawing) + '\n'));
        const int label = test.labels[static_cast<std::size_t>(index)];
        const HandPose& p = digit.pose;
        labelText << label << '\n';
        poseText << i << '\t' << label << '\t' << index << '\t' << p.canvas.width() << '\t'
                 << p.canvas.height() << '\t' << p.heightFraction << '\t' << digit.drawing.penWidth
                 << '\t' << p.rotationDegrees << '\t' << p.shear << '\t' << p.widthScale << '\t'
                 << p.inputStrokeWidth << '\n';
    }
    std::cout << "wrote " << count << " drawings to " << out.path().toStdString() << " (skipped "
              << skipped << " MNIST digits the tracer could not redraw)" << std::endl;
}

std::vector<DrawnSample> readSamples(const QDir& dir) {
    QFile file(dir.filePath("poses.tsv"));
    open(file, QIODevice::ReadOnly);
    const QStringList header = QString::fromUtf8(file.readLine()).trimmed().split('\t');
    std::vector<DrawnSample> samples;
    while (!file.atEnd()) {
        const QStringList fields = QString::fromUtf8(file.readLine()).trimmed().split('\t');
        if (fields.size() != header.size()) continue;
        auto field = [&](const char* name) { return fields[header.indexOf(name)].toDouble(); };
        DrawnSample s;
        s.label = static_cast<int>(field("label"));
        s.mnistIndex = static_cast<std::int64_t>(field("mnist_index"));
        s.pose.canvas =
            QSize(static_cast<int>(field("canvas_w")), static_cast<int>(field("canvas_h")));
        s.pose.heightFraction = field("height_fraction");
        s.pose.penWidth = field("pen_width");
        s.pose.inputStrokeWidth = field("input_stroke_px");
        samples.push_back(s);
    }
    return samples;
}

std::vector<ui::Drawing> readDrawings(const QDir& dir) {
    return core::StrokeFile::read(dir.filePath("drawings.jsonl").toStdString());
}

// `digitscope-cli predict` output: one {"digit": d, ...} object a line.
std::vector<int> readPredictions(const QString& path) {
    QFile file(path);
    open(file, QIODevice::ReadOnly);
    std::vector<int> digits;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (!line.isEmpty()) digits.push_back(QJsonDocument::fromJson(line)["digit"].toInt(-1));
    }
    return digits;
}

int predictedDigit(const core::Network& network, const Eigen::VectorXf& input) {
    Eigen::Index digit = 0;
    network.predict(input).maxCoeff(&digit);
    return static_cast<int>(digit);
}

// The baseline: what a program without core::preprocess would feed the network (Qt's default
// for scaled(w, h) ignores the aspect ratio, as a naive program would).
Eigen::VectorXf naiveInput(ui::Drawing drawing) {
    const QImage small = ui::StrokeRasterizer::render(drawing).scaled(28, 28, Qt::IgnoreAspectRatio,
                                                                      Qt::SmoothTransformation);
    return ui::StrokeRasterizer::grayLevels(small);
}

std::vector<int> predictEach(const QDir& dir, const QString& modelPath,
                             Eigen::VectorXf (*input)(ui::Drawing)) {
    const core::Model model = ui::loadModelFile(modelPath);
    std::vector<int> digits;
    for (const ui::Drawing& drawing : readDrawings(dir))
        digits.push_back(predictedDigit(model.network, input(drawing)));
    return digits;
}

struct Tally {
    int right = 0, total = 0;
    void add(bool ok) { right += ok ? 1 : 0, ++total; }
    std::string percent() const {
        char text[32];
        std::snprintf(text, sizeof text, "%.1f%%", total ? 100.0 * right / total : 0.0);
        return text;
    }
};

void printScore(const QString& name, const QString& input, const std::vector<DrawnSample>& samples,
                const std::vector<int>& predicted, bool details) {
    if (predicted.size() != samples.size())
        throw std::runtime_error("predictions and labels differ in number");
    std::map<QString, Tally> by;
    std::map<std::pair<int, int>, int> confusions;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const DrawnSample& s = samples[i];
        const bool ok = predicted[i] == s.label;
        for (const QString& key :
             {QStringLiteral("all"), s.pose.sizeBucket(), "pen " + s.pose.penBucket(),
              s.pose.aspectName(), "digit " + QString::number(s.label),
              "input stroke " + widthBucket(s.pose.inputStrokeWidth)})
            by[key].add(ok);
        if (!ok) ++confusions[{s.label, predicted[i]}];
    }
    if (!details) {
        std::cout << "| " << name.toStdString() << " | " << input.toStdString();
        for (const char* key : {"all", "small", "medium", "large", "pen thin", "pen medium",
                                "pen fat", "square", "landscape", "portrait"})
            std::cout << " | " << by[key].percent();
        std::cout << " |" << std::endl;
        return;
    }
    std::cout << name.toStdString() << " (" << input.toStdString() << ")\n";
    for (const auto& [key, tally] : by)
        std::cout << "  " << key.leftJustified(24).toStdString() << tally.percent() << "  of "
                  << tally.total << '\n';
    std::vector<std::pair<int, std::pair<int, int>>> worst;
    for (const auto& [pair, n] : confusions) worst.emplace_back(n, pair);
    std::sort(worst.rbegin(), worst.rend());
    std::cout << "  most frequent mistakes (true -> predicted):";
    for (std::size_t i = 0; i < std::min<std::size_t>(8, worst.size()); ++i)
        std::cout << "  " << worst[i].second.first << "->" << worst[i].second.second << " x"
                  << worst[i].first;
    std::cout << std::endl;
}

void writeImage(const QImage& image, const QString& path) {
    if (!image.save(path)) throw core::FileError(path.toStdString(), "cannot write the PNG");
    std::cout << "wrote " << path.toStdString() << std::endl;
}

// What the tracer alone costs: the drawings' MNIST digits as they are, and their traced
// strokes redrawn on 28 x 28 at the digit's own stroke width, through core::preprocess.
void scoreTracing(const QCommandLineParser& args, const std::vector<DrawnSample>& samples) {
    const core::Model model = ui::loadModelFile(args.value("model"));
    const core::Dataset test = readTestSet(args.value("data"));
    Tally original, redrawn;
    std::vector<std::int64_t> lost;  // right as they are, wrong once traced
    for (const DrawnSample& s : samples) {
        Eigen::VectorXf pixels(test.featureSize());
        for (int p = 0; p < test.featureSize(); ++p)
            pixels(p) = test.image(s.mnistIndex)[p] / 255.0f;
        const bool right = predictedDigit(model.network, pixels) == s.label;
        const Trace trace = traceDigit(test, s.mnistIndex);
        const ui::Drawing drawing =
            ui::makeDrawing(QSize(test.cols, test.rows), trace.penWidth, trace.strokes);
        const bool tracedRight =
            predictedDigit(model.network, core::networkInput(drawing)) == s.label;
        original.add(right);
        redrawn.add(tracedRight);
        if (right && !tracedRight &&
            lost.size() < static_cast<std::size_t>(number(args, "first", 1)))
            lost.push_back(s.mnistIndex);
    }
    if (args.isSet("trace-sheet")) {
        std::vector<double> overlaps;
        writeImage(traceSheet(test, lost, overlaps), args.value("trace-sheet"));
    }
    std::cout << args.value("name").toStdString() << ": the " << samples.size() << " MNIST digits "
              << original.percent() << ", traced and redrawn 28x28 " << redrawn.percent()
              << std::endl;
}

int run(const QCommandLineParser& args) {
    if (args.isSet("markdown-header")) {
        std::cout << "| model | input | all | small | medium | large | thin pen | medium pen | "
                     "fat pen | square | landscape | portrait |\n| --- | --- |"
                  << " ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
        return 0;
    }
    if (args.isSet("trace-sheet") && !args.isSet("score-tracing")) {
        const core::Dataset test = readTestSet(args.value("data"));
        std::vector<std::int64_t> first(
            std::clamp<std::int64_t>(number(args, "first", 1), 1, test.count));
        std::iota(first.begin(), first.end(), 0);
        std::vector<double> overlaps;
        writeImage(traceSheet(test, first, overlaps), args.value("trace-sheet"));
        std::sort(overlaps.begin(), overlaps.end());
        std::cout << "ink IoU of the traced strokes: median " << overlaps[overlaps.size() / 2]
                  << ", "
                  << std::lower_bound(overlaps.begin(), overlaps.end(), kMinOverlap) -
                         overlaps.begin()
                  << " of " << overlaps.size() << " below " << kMinOverlap << std::endl;
        return 0;
    }
    const QDir dir(args.value("out-dir"));
    const bool needsModel = args.isSet("score-naive") || args.isSet("score-tracing");
    if (needsModel && !args.isSet("model")) throw std::invalid_argument("this needs --model");
    if (!needsModel && !args.isSet("score") && !args.isSet("contact-sheet") &&
        !args.isSet("thickness")) {
        generate(args);
        return 0;
    }
    const std::vector<DrawnSample> samples = readSamples(dir);
    const QString name = args.value("name");
    const bool details = args.isSet("details");
    if (args.isSet("contact-sheet")) {
        const std::vector<int> predicted =
            args.isSet("score") ? readPredictions(args.value("score")) : std::vector<int>{};
        const auto limit = static_cast<std::size_t>(number(args, "first", 1));
        const bool failures = args.isSet("failures");
        std::vector<std::size_t> chosen;
        for (std::size_t i = 0; i < samples.size() && chosen.size() < limit; ++i)
            if (!failures || (i < predicted.size() && predicted[i] != samples[i].label))
                chosen.push_back(i);
        writeImage(contactSheet(readDrawings(dir), samples, chosen, predicted,
                                readTestSet(args.value("data"))),
                   args.value("contact-sheet"));
    } else if (args.isSet("thickness")) {
        printThickness(readDrawings(dir), samples, readTestSet(args.value("data")), std::cout);
    } else if (args.isSet("score-tracing")) {
        scoreTracing(args, samples);
    } else if (args.isSet("score-naive")) {
        printScore(name, "naive resize", samples, predictEach(dir, args.value("model"), naiveInput),
                   details);
    } else {
        printScore(name, "app (preprocess)", samples, readPredictions(args.value("score")),
                   details);
    }
    return 0;
}

}  // namespace
}  // namespace digitscope::bench

int main(int argc, char** argv) {
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
    QCommandLineParser args;
    args.addOptions({
        {"data", "MNIST folder.", "DIR", "data/mnist"},
        {"count", "Drawings to make.", "N", "3000"},
        {"seed", "Random seed.", "N", "1"},
        {"out-dir", "Folder of the drawings.", "DIR", "drawn-digits"},
        {"score", "Predictions of digitscope-cli predict to score.", "FILE"},
        {"score-naive", "Score the naive whole-canvas resize."},
        {"score-tracing", "Score the MNIST digits and their redrawn traces."},
        {"model", "Model file (or :/models/<name>.dsm).", "MODEL"},
        {"name", "Model name for the table.", "NAME", "model"},
        {"details", "Accuracy per bucket, digit and stroke width; common mistakes."},
        {"markdown-header", "Print the table's header."},
        {"contact-sheet", "Render drawings into this PNG.", "PNG"},
        {"trace-sheet", "Render MNIST test digits with their traced strokes.", "PNG"},
        {"first", "How many drawings on a sheet.", "N", "20"},
        {"failures", "Only misrecognised drawings on the sheet (needs --score)."},
        {"thickness", "Stroke width statistics."},
        {"help", "Show this help."},
    });
    if (!args.parse(arguments)) {
        std::cerr << args.errorText().toStdString() << '\n' << digitscope::bench::kUsage;
        return 2;
    }
    if (args.isSet("help")) {
        std::cout << digitscope::bench::kUsage;
        return 0;
    }
    // The sheets' captions need fonts, hence a (offscreen) QGuiApplication; the rest does not.
    const bool sheets = args.isSet("contact-sheet") || args.isSet("trace-sheet");
    if (sheets && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const std::unique_ptr<QCoreApplication> application =
        sheets ? std::make_unique<QGuiApplication>(argc, argv)
               : std::make_unique<QCoreApplication>(argc, argv);
    try {
        return digitscope::bench::run(args);
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << std::endl;
        return 1;
    }
}
