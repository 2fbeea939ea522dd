#include "app/loaded_model.h"

#include <QFileInfo>

#include "core/base/errors.h"
#include "session/models/bundled_models.h"

namespace digitscope::app {
namespace {

LoadedModel fromModel(core::Model model, const QString& source) {
    const core::Architecture& architecture = model.network.architecture();
    if (architecture.inputSize() != 28 * 28 || architecture.outputSize() != 10)
        throw core::FileError(source.toStdString(),
                              "the network is " + architecture.sizesString() +
                                  "; digitscope needs 784 inputs (28 x 28) and 10 outputs");
    LoadedModel loaded;
    loaded.network = std::make_shared<const core::Network>(std::move(model.network));
    loaded.metadata = std::move(model.metadata);
    return loaded;
}

}  // namespace

QString LoadedModel::describe() const {
    if (!network) return QObject::tr("no model");
    const QString sizes = QString::fromStdString(network->architecture().sizesString());
    if (name.contains(sizes)) return name;  // a training run's label names it already
    return QStringLiteral("%1 · %2").arg(name, sizes);
}

LoadedModel loadBundledModel(const QString& name) {
    LoadedModel loaded = fromModel(ui::BundledModels::load(name), name);
    loaded.origin = LoadedModel::Origin::Bundled;
    loaded.name = name;
    return loaded;
}

LoadedModel loadModelFromFile(const QString& path) {
    LoadedModel loaded = fromModel(ui::loadModelFile(path), path);
    loaded.origin = LoadedModel::Origin::File;
    loaded.name = QFileInfo(path).fileName();
    loaded.path = path;
    return loaded;
}

}  // namespace digitscope::app
