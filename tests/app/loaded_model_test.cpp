#include "app/loaded_model.h"

#include <gtest/gtest.h>

#include <QTemporaryDir>

#include "core/base/errors.h"
#include "core/io/model_file.h"
#include "core/io/model_io.h"

namespace digitscope::app {
namespace {

TEST(LoadedModel, BundledModelsLoadWithTheirNames) {
    const LoadedModel model = loadBundledModel(QStringLiteral("3b1b"));
    ASSERT_TRUE(model.network);
    EXPECT_EQ(model.origin, LoadedModel::Origin::Bundled);
    EXPECT_EQ(model.describe(), QStringLiteral("3b1b · 784-16-16-10"));
    EXPECT_THROW(loadBundledModel(QStringLiteral("missing")), core::FileError);
}

TEST(LoadedModel, FilesMustMapDigitImagesToTenClasses) {
    QTemporaryDir dir;
    const QString good = dir.filePath("good.dsm");
    core::Architecture architecture;
    architecture.sizes = {784, 20, 10};
    core::ModelFile::save(good.toStdString(), core::Network(architecture, 5), {{"k", "v"}});
    const LoadedModel model = loadModelFromFile(good);
    EXPECT_EQ(model.origin, LoadedModel::Origin::File);
    EXPECT_EQ(model.name, QStringLiteral("good.dsm"));
    EXPECT_EQ(model.path, good);
    EXPECT_EQ(model.metadata.at("k"), "v");

    const QString wrong = dir.filePath("wrong.dsm");
    architecture.sizes = {100, 20, 10};
    core::ModelFile::save(wrong.toStdString(), core::Network(architecture, 5), {});
    try {
        loadModelFromFile(wrong);
        FAIL() << "a 100-input network was accepted";
    } catch (const core::FileError& error) {
        EXPECT_NE(std::string(error.what()).find("wrong.dsm"), std::string::npos);
        EXPECT_NE(std::string(error.what()).find("784"), std::string::npos);
    }
    EXPECT_THROW(loadModelFromFile(dir.filePath("absent.dsm")), core::FileError);
}

// File -> Open reads ONNX files too, by their extension.
TEST(LoadedModel, OnnxFilesOpenLikeModelFiles) {
    QTemporaryDir dir;
    const QString path = dir.filePath("exported.onnx");
    core::Architecture architecture;
    architecture.sizes = {784, 12, 10};
    const core::Network network(architecture, 6);
    core::saveModel(path.toStdString(), network, {{"dataset", "mnist"}});
    const LoadedModel model = loadModelFromFile(path);
    EXPECT_EQ(model.origin, LoadedModel::Origin::File);
    EXPECT_EQ(model.name, QStringLiteral("exported.onnx"));
    EXPECT_EQ(model.metadata.at("dataset"), "mnist");
    ASSERT_TRUE(model.network);
    EXPECT_TRUE(std::equal(network.parameters().begin(), network.parameters().end(),
                           model.network->parameters().begin()));
}

}  // namespace
}  // namespace digitscope::app
