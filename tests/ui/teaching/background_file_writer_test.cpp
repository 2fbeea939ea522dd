#include "session/teaching/background_file_writer.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QTemporaryDir>
#include <atomic>
#include <mutex>
#include <vector>

namespace digitscope::ui {
namespace {

QByteArray contents(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

TEST(BackgroundFileWriter, WritesTheNewestContentsIntoAFolderItMakes) {
    QTemporaryDir dir;
    const QString path = dir.filePath("sub/file.txt");
    std::atomic<int> made{0};
    BackgroundFileWriter writer([](const std::string&) { ADD_FAILURE() << "a write failed"; });
    for (int i = 0; i < 20; ++i)
        writer.write(path.toStdString(), [&made, i] {
            ++made;
            return "version " + std::to_string(i);
        });
    writer.wait();
    EXPECT_EQ(contents(path), QByteArray("version 19"));
    EXPECT_GE(made.load(), 1);
    EXPECT_LE(made.load(), 20);  // writes replaced before they started were never made
}

TEST(BackgroundFileWriter, AFailureGoesToTheCallbackAndTheNextWriteStillHappens) {
    QTemporaryDir dir;
    QFile blocker(dir.filePath("not-a-folder"));
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    std::mutex mutex;
    std::vector<std::string> failures;
    BackgroundFileWriter writer([&](const std::string& message) {
        const std::lock_guard lock(mutex);
        failures.push_back(message);
    });
    writer.write(dir.filePath("not-a-folder/file.txt").toStdString(), [] { return "x"; });
    writer.wait();
    writer.write(dir.filePath("file.txt").toStdString(), [] { return "y"; });
    writer.wait();
    const std::lock_guard lock(mutex);
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_NE(failures[0].find("not-a-folder"), std::string::npos) << failures[0];
    EXPECT_EQ(contents(dir.filePath("file.txt")), QByteArray("y"));
}

TEST(BackgroundFileWriter, TheDestructorFinishesTheQueuedWrite) {
    QTemporaryDir dir;
    const QString path = dir.filePath("file.txt");
    {
        BackgroundFileWriter writer(nullptr);
        writer.write(path.toStdString(), [] { return "first"; });
        writer.write(path.toStdString(), [] { return "last"; });
    }
    EXPECT_EQ(contents(path), QByteArray("last"));
}

}  // namespace
}  // namespace digitscope::ui
