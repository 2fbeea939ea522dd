#include "session/teaching/my_digits.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <csignal>
#include <string>
#include <vector>

#include "core/base/errors.h"
#include "core/data/stroke_file.h"

namespace digitscope::ui {
namespace {

core::Drawing drawingOf(int label, double shift) {
    core::Drawing drawing;
    drawing.strokes.push_back({{{100 + shift, 80}, {200.5, 300}, {150, 320.25}}});
    drawing.strokes.push_back({{{50, 50}}});
    drawing.label = label;
    return drawing;
}

QByteArray contents(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

const QDateTime kWhen = QDateTime::fromString("2026-11-30T12:34:56Z", Qt::ISODate);

TEST(MyDigits, SavesEveryChangeAndReadsItBackWithDates) {
    QTemporaryDir dir;
    const QString path = dir.filePath("sub/my-digits.jsonl");  // the folder is made
    MyDigits digits(path);
    digits.load();  // no file yet: empty
    EXPECT_EQ(digits.size(), 0);
    digits.add(drawingOf(7, 0), kWhen);
    digits.add(drawingOf(3, 5), kWhen.addSecs(60));
    digits.add(drawingOf(1, 9), kWhen.addSecs(120));
    digits.relabel(1, 8);
    digits.remove(0);

    MyDigits again(path);
    again.load();
    ASSERT_EQ(again.size(), 2);
    EXPECT_EQ(again.entries()[0].drawing.label, 8);
    EXPECT_EQ(again.entries()[0].added, kWhen.addSecs(60));
    EXPECT_EQ(again.entries()[1].drawing.label, 1);
    EXPECT_EQ(again.entries()[1].drawing.strokes[0].points, drawingOf(1, 9).strokes[0].points);
    // A stroke dataset like any other: every line has a label.
    core::StrokeFile::Options labelled;
    labelled.requireLabels = true;
    EXPECT_EQ(core::StrokeFile::read(path.toStdString(), labelled).size(), 2u);

    const QString exported = dir.filePath("export.jsonl");
    again.exportTo(exported, {1});
    EXPECT_EQ(core::StrokeFile::read(exported.toStdString(), labelled).size(), 1u);
    EXPECT_THROW(again.add(core::Drawing{}), core::ConfigError);  // no label, no strokes
}

TEST(MyDigits, ASaveInterruptedAtEveryByteLeavesTheOldFileOrTheNew) {
    QTemporaryDir dir;
    const QString path = dir.filePath("my-digits.jsonl");
    MyDigits digits(path);
    digits.add(drawingOf(4, 0), kWhen);
    digits.add(drawingOf(5, 3), kWhen);
    const QByteArray before = contents(path);
    std::vector<MyDigits::Entry> next = digits.entries();
    next.push_back({drawingOf(6, 7), kWhen});
    const std::size_t newSize = MyDigits::serialize(next).size();
    ASSERT_GT(newSize, static_cast<std::size_t>(before.size()));

    // The file may grow to `limit` bytes only: the write stops there, as a crash would.
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
    int refused = 0;
    for (std::size_t limit = 0; limit < newSize; ++limit) {
        rlimit small = old;
        small.rlim_cur = limit;
        ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
        bool threw = false;
        try {
            digits.add(drawingOf(6, 7), kWhen);
        } catch (const core::FileError&) {
            threw = true;
        }
        ::setrlimit(RLIMIT_FSIZE, &old);
        ASSERT_TRUE(threw) << "at " << limit << " bytes";
        ++refused;
        ASSERT_EQ(contents(path), before) << "at " << limit << " bytes";
        ASSERT_EQ(digits.size(), 2);  // the set in memory is as before too
        MyDigits reread(path);
        reread.load();
        ASSERT_EQ(reread.size(), 2);
    }
    std::signal(SIGXFSZ, SIG_DFL);
    EXPECT_EQ(refused, static_cast<int>(newSize));
    digits.add(drawingOf(6, 7), kWhen);  // without a limit: the new file
    MyDigits reread(path);
    reread.load();
    EXPECT_EQ(reread.size(), 3);
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files), QStringList{"my-digits.jsonl"});
}

TEST(MyDigits, SavedInTheBackgroundEveryAdditionLandsAndAFailureIsReportedNotThrown) {
    QTemporaryDir dir;
    const QString path = dir.filePath("sub/my-digits.jsonl");
    std::vector<std::string> failures;  // written on the writer's thread, read after waiting
    {
        MyDigits digits(path);
        digits.saveInBackground([&](const std::string& message) { failures.push_back(message); });
        for (int i = 0; i < 5; ++i) digits.add(drawingOf(i, i), kWhen.addSecs(i));
        EXPECT_EQ(digits.size(), 5);
        digits.relabel(0, 9);  // waits for the additions' save, then saves at once
        digits.add(drawingOf(6, 6), kWhen);
    }  // the destructor waits for the last save
    MyDigits again(path);
    again.load();
    ASSERT_EQ(again.size(), 6);
    EXPECT_EQ(again.entries()[0].drawing.label, 9);
    EXPECT_EQ(again.entries()[5].drawing.label, 6);
    EXPECT_TRUE(failures.empty());

    QFile blocker(dir.filePath("blocker"));
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    MyDigits unsavable(dir.filePath("blocker/my-digits.jsonl"));
    unsavable.saveInBackground([&](const std::string& message) { failures.push_back(message); });
    EXPECT_NO_THROW(unsavable.add(drawingOf(2, 0), kWhen));
    unsavable.waitForSave();
    EXPECT_EQ(unsavable.size(), 1);  // kept, to be saved with the next change
    EXPECT_EQ(failures.size(), 1u);
}

TEST(MyDigits, ABrokenFileIsRefusedNamingItAndTheSetKept) {
    QTemporaryDir dir;
    const QString path = dir.filePath("my-digits.jsonl");
    MyDigits digits(path);
    digits.add(drawingOf(2, 0), kWhen);
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::Append));
    file.write("{\"width\":400,\"height\":4");
    file.close();
    try {
        digits.load();
        FAIL() << "a broken line was accepted";
    } catch (const core::FileError& error) {
        EXPECT_NE(std::string(error.what()).find(path.toStdString()), std::string::npos);
    }
    EXPECT_EQ(digits.size(), 1);
}

}  // namespace
}  // namespace digitscope::ui
