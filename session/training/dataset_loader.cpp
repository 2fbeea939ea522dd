#include "session/training/dataset_loader.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>

#include "core/base/errors.h"
#include "core/data/idx_reader.h"

namespace digitscope::ui {

QStringList DatasetLoader::candidateFolders() {
    QStringList folders{QDir::current().absoluteFilePath(QStringLiteral("data/mnist"))};
    if (QCoreApplication::instance()) {
        const QDir exe(QCoreApplication::applicationDirPath());
        folders << QDir::cleanPath(exe.absoluteFilePath(QStringLiteral("../../data/mnist")))
                << QDir::cleanPath(exe.absoluteFilePath(QStringLiteral("../data/mnist")));
    }
    folders.removeDuplicates();
    return folders;
}

QString DatasetLoader::findDefaultFolder() {
    for (const QString& folder : candidateFolders())
        if (looksLikeDataset(folder)) return folder;
    return {};
}

QString DatasetLoader::findBundledPenData() {
    const QString file = QStringLiteral("pendigits-train.jsonl.gz");
    QStringList candidates{QDir::current().absoluteFilePath("resources/pendigits/" + file)};
    if (QCoreApplication::instance()) {
        const QDir exe(QCoreApplication::applicationDirPath());
        candidates << exe.absoluteFilePath("../../resources/pendigits/" + file)
                   << exe.absoluteFilePath("../share/digitscope/pendigits/" + file);
    }
    for (const QString& candidate : candidates)
        if (QFileInfo(candidate).isFile()) return QDir::cleanPath(candidate);
    return {};
}

bool DatasetLoader::looksLikeDataset(const QString& folder) {
    if (folder.isEmpty() || !QFileInfo(folder).isDir()) return false;
    try {
        core::IdxReader::requireMnistFiles(folder.toStdString());
    } catch (const core::FileError&) {
        return false;
    }
    return true;
}

std::shared_ptr<const core::DatasetPair> DatasetLoader::load(const QString& folder) {
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        throw core::FileError(folder.toStdString(), "no such folder");
    auto data =
        std::make_shared<core::DatasetPair>(core::IdxReader::readFolder(folder.toStdString()));
    if (data->train.count < 1)
        throw core::FileError(folder.toStdString(), "the training set is empty");
    if (data->test.featureSize() != data->train.featureSize())
        throw core::FileError(folder.toStdString(),
                              "the training and test images have different sizes");
    const std::string name = QFileInfo(QDir::cleanPath(folder)).fileName().toStdString();
    data->train.name = data->test.name = name.empty() ? folder.toStdString() : name;
    return data;
}

QString DatasetLoader::describe(const core::DatasetPair& data) {
    const QLocale locale;
    return QStringLiteral("%1 · %2 training / %3 test images, %4×%5")
        .arg(QString::fromStdString(data.train.name), locale.toString(data.train.count),
             locale.toString(data.test.count))
        .arg(data.train.cols)
        .arg(data.train.rows);
}

QString DatasetLoader::missingDatasetHint() {
    return QCoreApplication::translate(
        "DatasetLoader",
        "No dataset found. Put the four MNIST IDX files (train-images-idx3-ubyte, …) in "
        "data/mnist — <code>scripts/fetch-mnist.sh</code> downloads them — or choose any folder "
        "of IDX files (Fashion-MNIST works too). Everything else works without one.");
}

}  // namespace digitscope::ui
