#include "session/teaching/replay_data.h"

#include <QFile>
#include <QTemporaryFile>

#include "core/base/errors.h"
#include "core/data/idx_reader.h"
#include "core/data/stroke_file.h"
#include "session/training/dataset_loader.h"

namespace digitscope::ui {

std::vector<core::Drawing> ReplayData::bundledPenDigits() {
    const QString resource = QStringLiteral(":/pendigits/pendigits-train.jsonl.gz");
    QFile file(resource);
    if (!file.open(QIODevice::ReadOnly))
        throw core::FileError(resource.toStdString(), "cannot open the bundled pen digits");
    // The stroke reader takes files (raw or gzip), so the compressed bytes go through one.
    QTemporaryFile copy;
    if (!copy.open() || copy.write(file.readAll()) < 0 || !copy.flush())
        throw core::FileError(copy.fileName().toStdString(), "cannot write a temporary copy");
    core::StrokeFile::Options options;
    options.requireLabels = true;
    return core::StrokeFile::read(copy.fileName().toStdString(), options);
}

namespace {

std::shared_ptr<const core::Dataset> checkedDigits(core::Dataset data, const std::string& path,
                                                   const char* set) {
    if (data.count < 1) throw core::FileError(path, std::string("the ") + set + " is empty");
    if (data.featureSize() != 784) throw core::FileError(path, "the images are not 28 x 28");
    data.name = path;
    return std::make_shared<const core::Dataset>(std::move(data));
}

}  // namespace

std::shared_ptr<const core::Dataset> ReplayData::trainingImages(const QString& folder) {
    const std::string path = folder.toStdString();
    return checkedDigits(core::IdxReader::readTrainSet(path), path, "training set");
}

std::shared_ptr<const core::Dataset> ReplayData::testImages(const QString& folder) {
    const std::string path = folder.toStdString();
    return checkedDigits(core::IdxReader::readTestSet(path), path, "test set");
}

QString ReplayData::defaultImageFolder() {
    return DatasetLoader::findDefaultFolder();
}

}  // namespace digitscope::ui
