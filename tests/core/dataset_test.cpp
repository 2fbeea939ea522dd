#include "core/data/dataset.h"

#include <gtest/gtest.h>

#include <string>

#include "core/base/errors.h"
#include "core/data/idx_reader.h"
#include "tests/core/test_data.h"

namespace digitscope::core {
namespace {

using testing::Bytes;
using testing::gzip;
using testing::idxBytes;
using testing::TempDir;
using testing::writeBytes;

Bytes pattern(std::size_t size, int salt) {
    Bytes data(size);
    for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<std::uint8_t>(i * 5 + salt);
    return data;
}

// Writes an MNIST-layout folder of 4x4 images: 6 training and 3 test samples.
void writeMnistFolder(const std::filesystem::path& folder, bool compressed) {
    auto write = [&](const std::string& stem, const Bytes& bytes) {
        writeBytes(folder / (compressed ? stem + ".gz" : stem), compressed ? gzip(bytes) : bytes);
    };
    write("train-images-idx3-ubyte", idxBytes({6, 4, 4}, pattern(96, 1)));
    write("train-labels-idx1-ubyte", idxBytes({6}, {5, 0, 4, 1, 9, 2}));
    write("t10k-images-idx3-ubyte", idxBytes({3, 4, 4}, pattern(48, 2)));
    write("t10k-labels-idx1-ubyte", idxBytes({3}, {7, 2, 1}));
}

void expectMnistFolder(const DatasetPair& pair, const std::filesystem::path& folder) {
    EXPECT_EQ(pair.train.count, 6);
    EXPECT_EQ(pair.train.rows, 4);
    EXPECT_EQ(pair.train.cols, 4);
    EXPECT_EQ(pair.train.pixels, pattern(96, 1));
    EXPECT_EQ(pair.train.labels, (Bytes{5, 0, 4, 1, 9, 2}));
    EXPECT_EQ(pair.test.count, 3);
    EXPECT_EQ(pair.test.pixels, pattern(48, 2));
    EXPECT_EQ(pair.test.labels, (Bytes{7, 2, 1}));
    EXPECT_EQ(pair.train.name, folder.string());
    EXPECT_EQ(pair.test.name, folder.string());
}

TEST(Dataset, LoadsARawMnistFolder) {
    TempDir dir;
    writeMnistFolder(dir.path(), false);
    expectMnistFolder(IdxReader::readFolder(dir.path()), dir.path());
}

TEST(Dataset, LoadsAGzipMnistFolder) {
    TempDir dir;
    writeMnistFolder(dir.path(), true);
    expectMnistFolder(IdxReader::readFolder(dir.path()), dir.path());
}

TEST(Dataset, LoadsAMixedFolderPreferringTheRawFile) {
    TempDir dir;
    writeMnistFolder(dir.path(), true);
    writeBytes(dir / "t10k-labels-idx1-ubyte", idxBytes({3}, {7, 2, 1}));
    EXPECT_EQ(IdxReader::locate(dir.path(), "t10k-labels-idx1-ubyte"),
              dir / "t10k-labels-idx1-ubyte");
    EXPECT_EQ(IdxReader::locate(dir.path(), "train-labels-idx1-ubyte"),
              dir / "train-labels-idx1-ubyte.gz");
    expectMnistFolder(IdxReader::readFolder(dir.path()), dir.path());
}

TEST(Dataset, RefusesAFolderWithAMissingFile) {
    TempDir dir;
    writeMnistFolder(dir.path(), false);
    std::filesystem::remove(dir / "t10k-labels-idx1-ubyte");
    try {
        IdxReader::readFolder(dir.path());
        ADD_FAILURE();
    } catch (const FileError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(dir.path().string()), std::string::npos) << message;
        EXPECT_NE(message.find("has no t10k-labels-idx1-ubyte"), std::string::npos) << message;
    }
    EXPECT_THROW(IdxReader::requireMnistFiles(dir.path()), FileError);
    EXPECT_EQ(IdxReader::readTrainSet(dir.path()).count, 6);  // the training files are there
    EXPECT_THROW(IdxReader::readTestSet(dir.path()), FileError);
    writeBytes(dir / MnistFiles::kTestLabels, idxBytes({3}, {7, 2, 1}));
    EXPECT_NO_THROW(IdxReader::requireMnistFiles(dir.path()));
    EXPECT_EQ(IdxReader::readTestSet(dir.path()).count, 3);
}

TEST(Dataset, RefusesSomethingThatIsNotAFolder) {
    TempDir dir;
    EXPECT_THROW(IdxReader::readFolder(dir / "absent"), FileError);
    writeBytes(dir / "file", {1, 2, 3});
    try {
        IdxReader::readFolder(dir / "file");
        ADD_FAILURE();
    } catch (const FileError& error) {
        EXPECT_NE(std::string(error.what()).find("is not a folder"), std::string::npos);
    }
}

TEST(Dataset, RefusesTrainingAndTestImagesOfDifferentSizes) {
    TempDir dir;
    writeMnistFolder(dir.path(), false);
    writeBytes(dir / "t10k-images-idx3-ubyte", idxBytes({3, 4, 5}, pattern(60, 2)));
    try {
        IdxReader::readFolder(dir.path());
        ADD_FAILURE();
    } catch (const FileError& error) {
        EXPECT_NE(std::string(error.what()).find("differ in size"), std::string::npos)
            << error.what();
    }
}

TEST(Dataset, AnErrorInsideTheFolderNamesTheBadFile) {
    TempDir dir;
    writeMnistFolder(dir.path(), true);
    Bytes bad = gzip(idxBytes({6}, {5, 0, 4, 1, 9, 2}));
    bad.resize(bad.size() / 2);
    writeBytes(dir / "train-labels-idx1-ubyte.gz", bad);
    try {
        IdxReader::readFolder(dir.path());
        ADD_FAILURE();
    } catch (const FileError& error) {
        EXPECT_NE(std::string(error.what()).find("train-labels-idx1-ubyte.gz"), std::string::npos)
            << error.what();
    }
}

Dataset smallDataset() {
    Dataset data;
    data.rows = 2;
    data.cols = 3;
    data.count = 4;
    data.pixels = pattern(24, 0);
    data.pixels[6] = 255;  // first pixel of image 1
    data.labels = {3, 1, 4, 1};
    return data;
}

TEST(Dataset, GatherBatchScalesToUnitRangeInTheGivenOrder) {
    const Dataset data = smallDataset();
    const std::vector<std::int32_t> indices{2, 1};
    Eigen::MatrixXf x;
    std::vector<std::uint8_t> labels;
    gatherBatch(data, indices, x, labels);
    ASSERT_EQ(x.rows(), 6);
    ASSERT_EQ(x.cols(), 2);
    EXPECT_EQ(labels, (std::vector<std::uint8_t>{4, 1}));
    for (int i = 0; i < 6; ++i) {
        EXPECT_FLOAT_EQ(x(i, 0), static_cast<float>(data.pixels[12 + i]) / 255.0f);
        EXPECT_FLOAT_EQ(x(i, 1), static_cast<float>(data.pixels[6 + i]) / 255.0f);
    }
    EXPECT_FLOAT_EQ(x(0, 1), 1.0f);
    // A smaller batch resizes the buffers.
    const std::vector<std::int32_t> one{3};
    gatherBatch(data, one, x, labels);
    EXPECT_EQ(x.cols(), 1);
    EXPECT_EQ(labels.size(), 1u);
}

TEST(Dataset, TruncateKeepsTheFirstSamples) {
    Dataset data = smallDataset();
    data.truncate(0);  // no limit
    EXPECT_EQ(data.count, 4);
    data.truncate(10);  // beyond the count
    EXPECT_EQ(data.count, 4);
    data.truncate(2);
    EXPECT_EQ(data.count, 2);
    EXPECT_EQ(data.pixels.size(), 12u);
    EXPECT_EQ(data.labels, (std::vector<std::uint8_t>{3, 1}));
    EXPECT_EQ(data.image(1), data.pixels.data() + 6);
}

}  // namespace
}  // namespace digitscope::core
