#include "app/cli_finetune.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <sstream>

#include "app/cli.h"
#include "common/idx_files.h"
#include "core/io/model_file.h"

namespace digitscope::app {
namespace {

struct Result {
    int code = 0;
    std::string out;
    std::string err;
};

Result cli(QStringList arguments) {
    arguments.prepend("digitscope-cli");
    std::ostringstream out, err;
    const int code = runCli(arguments, out, err);
    return {code, out.str(), err.str()};
}

void writeText(const QString& path, const QByteArray& text) {
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(text);
}

QByteArray contents(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

const QByteArray kMine =
    "{\"width\":400,\"height\":400,\"pen_width\":18,\"label\":7,"
    "\"strokes\":[[[100,80],[300,80],[180,340]]]}\n"
    "{\"width\":400,\"height\":400,\"pen_width\":18,\"label\":1,"
    "\"strokes\":[[[200,60],[205,340]]]}\n";

class CliFinetuneTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        ASSERT_TRUE(QDir().mkpath(path("data")));
        std::vector<std::uint8_t> pixels(50 * 784, 0), labels(50);
        for (int i = 0; i < 50; ++i) {
            labels[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i % 10);
            for (int y = 4; y < 24; ++y)
                pixels[static_cast<std::size_t>(i * 784 + y * 28 + 4 + 2 * (i % 10))] = 255;
        }
        const std::filesystem::path data = path("data").toStdString();
        testing_support::writeIdx(data / "train-images-idx3-ubyte", {50, 28, 28}, pixels);
        testing_support::writeIdx(data / "train-labels-idx1-ubyte", {50}, labels);
        writeText(path("mine.jsonl"), kMine);
        writeText(path("pen.jsonl"), kMine);  // small replay strokes, so the test is quick
    }
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QStringList run(const QString& out) const {
        return {"finetune",
                "--model",
                "accurate",
                "--strokes",
                path("mine.jsonl"),
                "--data",
                path("data"),
                "--strokes-data",
                path("pen.jsonl") + ":0.5",
                "--steps",
                "20",
                "--out",
                out,
                "--json"};
    }

    QTemporaryDir m_dir;
};

TEST_F(CliFinetuneTest, TeachesTheDrawingsDeterministicallyAndSavesAtomically) {
    const Result first = cli(run(path("a.dsm")));
    ASSERT_EQ(first.code, 0) << first.err;
    EXPECT_NE(first.out.find("\"drawings\":2,\"steps\":20,\"batch\":64"), std::string::npos)
        << first.out;  // accurate is large enough to keep the batch of 64
    const core::Model model = core::ModelFile::load(path("a.dsm").toStdString());
    EXPECT_EQ(model.metadata.at("taught_digits"), "2");
    EXPECT_EQ(model.metadata.at("taught_from"), "accurate");
    ASSERT_EQ(cli(run(path("b.dsm"))).code, 0);
    EXPECT_EQ(contents(path("a.dsm")), contents(path("b.dsm")));  // same inputs, same model
    const Result other = cli(run(path("c.dsm")) << "--seed"
                                                << "2");
    ASSERT_EQ(other.code, 0) << other.err;
    EXPECT_NE(contents(path("a.dsm")), contents(path("c.dsm")));
}

TEST_F(CliFinetuneTest, UsageAndDataErrorsAsTrainsWithNothingWritten) {
    for (const QStringList& args :
         {QStringList{"finetune", "--out", path("x.dsm")},
          QStringList{"finetune", "--strokes", path("mine.jsonl")},
          run(path("x.dsm")) << "--seed"
                             << "minus one",
          run(path("x.dsm")) << "--steps"
                             << "0",
          run(path("x.dsm")) << "--set"
                             << "anchor=1",
          run(path("x.dsm")) << "--set"
                             << "mine-share=2",
          run(path("x.dsm")) << "--set"
                             << "batch",
          QStringList{"finetune", "--strokes", path("mine.jsonl"), "--strokes-data",
                      path("pen.jsonl") + ":2", "--out", path("x.dsm")}}) {
        const Result r = cli(args);
        EXPECT_EQ(r.code, 2) << args.join(' ').toStdString();
        EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
    }
    writeText(path("unlabelled.jsonl"),
              "{\"width\":400,\"height\":400,\"pen_width\":18,\"strokes\":[[[1,2],[3,4]]]}\n");
    QStringList unlabelled = run(path("x.dsm"));
    unlabelled[4] = path("unlabelled.jsonl");
    for (const auto& [args, named] :
         {std::pair{unlabelled, path("unlabelled.jsonl")},
          std::pair{run(path("missing/x.dsm")), path("missing/x.dsm")},
          std::pair{run(path("x.dsm")) << "--model" << path("none.dsm"), path("none.dsm")}}) {
        const Result r = cli(args);
        EXPECT_EQ(r.code, 1) << args.join(' ').toStdString();
        EXPECT_NE(r.err.find("error: " + named.toStdString()), std::string::npos) << r.err;
    }
    EXPECT_FALSE(QFile::exists(path("x.dsm")));
}

}  // namespace
}  // namespace digitscope::app
