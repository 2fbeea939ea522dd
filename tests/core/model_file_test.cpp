#include "core/io/model_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <zlib.h>

#include <csignal>
#include <cstring>
#include <limits>
#include <string>

#include "core/base/errors.h"
#include "tests/core/test_data.h"

namespace digitscope::core {
namespace {

using testing::readText;
using testing::TempDir;
using testing::writeText;

Network tanhMseNetwork() {
    Architecture arch;
    arch.sizes = {12, 7, 5, 10};
    arch.hidden = Activation::Tanh;
    arch.loss = Loss::SquaredError;
    Network network(arch, 77);
    // Values whose every bit matters: denormals, negative zero, extremes.
    std::vector<float> p(network.parameters().begin(), network.parameters().end());
    p[0] = std::numeric_limits<float>::denorm_min();
    p[1] = -0.0f;
    p[2] = std::numeric_limits<float>::max();
    p[3] = std::numeric_limits<float>::lowest();
    p.back() = 0.1f;
    network.setParameters(p);
    return network;
}

const std::map<std::string, std::string> kMetadata{
    {"dataset", "mnist (60000 images)"}, {"test_accuracy", "0.9642"}, {"optimizer", "adam"}};

std::vector<std::string> filesIn(const std::filesystem::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

void expectSameModel(const Model& model, const Network& network) {
    EXPECT_EQ(model.network.architecture(), network.architecture());
    ASSERT_EQ(model.network.parameters().size(), network.parameters().size());
    EXPECT_EQ(std::memcmp(model.network.parameters().data(), network.parameters().data(),
                          network.parameters().size_bytes()),
              0);
    EXPECT_EQ(model.metadata, kMetadata);
}

TEST(ModelFile, SaveLoadRoundTripIsBitExact) {
    TempDir dir;
    const Network network = tanhMseNetwork();
    const auto path = dir / "model.dsm";
    ModelFile::save(path, network, kMetadata);
    const Model model = ModelFile::load(path);
    expectSameModel(model, network);
    EXPECT_EQ(model.network.architecture().hidden, Activation::Tanh);
    EXPECT_EQ(model.network.architecture().loss, Loss::SquaredError);
    EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"model.dsm"});  // no temporary left
}

TEST(ModelFile, HeaderIsTheDocumentedText) {
    Architecture arch;
    Network network(arch, 3);
    const std::string bytes = ModelFile::serialize(network, {{"dataset", "mnist"}});
    const std::string header = bytes.substr(0, bytes.find("data\n") + 5);
    EXPECT_EQ(header.substr(0, header.find("crc32")),
              "digitscope-model 1\narchitecture 784-16-16-10\nactivation relu\nloss xent\n"
              "parameters 13002\n");
    EXPECT_NE(header.find("\nmeta dataset mnist\ndata\n"), std::string::npos);
    EXPECT_EQ(bytes.size(), header.size() + 13002 * sizeof(float));
    char expected[16];
    const auto* data = reinterpret_cast<const Bytef*>(bytes.data() + header.size());
    std::snprintf(expected, sizeof expected, "%08lx", crc32(0L, data, 13002 * sizeof(float)));
    EXPECT_NE(header.find(std::string("crc32 ") + expected + "\n"), std::string::npos);
    // Parsing what was serialised gives the same network.
    const Model model = ModelFile::parse(bytes, "memory");
    EXPECT_TRUE(std::equal(network.parameters().begin(), network.parameters().end(),
                           model.network.parameters().begin()));
}

// Input normalisation is a version-2 header line, read back exactly; models without it stay
// version 1, which earlier builds read (HeaderIsTheDocumentedText).
TEST(ModelFile, InputNormalizationMakesAVersion2File) {
    Architecture arch;
    arch.sizes = {6, 4, 10};
    arch.normalization = InputNormalization{0.1307f, 0.3081f};
    const Network network(arch, 5);
    const std::string bytes = ModelFile::serialize(network, {});
    EXPECT_EQ(bytes.rfind("digitscope-model 2\narchitecture 6-4-10\nactivation relu\nloss xent\n"
                          "normalize 0.1307 0.3081\nparameters 78\n",
                          0),
              0u)
        << bytes.substr(0, 120);
    const Model model = ModelFile::parse(bytes, "memory");
    ASSERT_TRUE(model.network.architecture().normalization);
    EXPECT_EQ(model.network.architecture(), arch);
    EXPECT_EQ(model.network.architecture().normalization->mean, 0.1307f);
    EXPECT_EQ(model.network.architecture().normalization->stdDev, 0.3081f);
}

TEST(ModelFile, SavingReplacesAnExistingFile) {
    TempDir dir;
    const auto path = dir / "model.dsm";
    writeText(path, "old contents");
    const Network network = tanhMseNetwork();
    ModelFile::save(path, network, kMetadata);
    expectSameModel(ModelFile::load(path), network);
    EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"model.dsm"});
}

TEST(ModelFile, AFailedSaveLeavesTheOldFileAndNoTemporary) {
    TempDir dir;
    const auto path = dir / "model.dsm";
    const Network network = tanhMseNetwork();
    ModelFile::save(path, network, kMetadata);
    const std::string before = readText(path);

    // Files may not grow beyond 100 bytes (works even as root): the write fails part-way.
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
    rlimit small = old;
    small.rlim_cur = 100;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
    Architecture other;
    other.sizes = {30, 20, 10};
    std::string message;
    try {
        ModelFile::save(path, Network(other, 5), {});
    } catch (const FileError& error) {
        message = error.what();
    }
    ::setrlimit(RLIMIT_FSIZE, &old);
    ::signal(SIGXFSZ, SIG_DFL);
    EXPECT_NE(message.find(path.string() + ": could not be saved"), std::string::npos) << message;
    EXPECT_EQ(readText(path), before);
    EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"model.dsm"});

    // A network with a NaN weight is refused before anything is written.
    Network broken = tanhMseNetwork();
    std::vector<float> p(broken.parameters().begin(), broken.parameters().end());
    p[5] = std::numeric_limits<float>::quiet_NaN();
    broken.setParameters(p);
    EXPECT_THROW(ModelFile::save(path, broken, {}), ConfigError);
    EXPECT_EQ(readText(path), before);
    EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"model.dsm"});
}

TEST(ModelFile, SavingIntoAMissingFolderNamesThePath) {
    TempDir dir;
    const auto path = dir / "no-such-folder" / "model.dsm";
    try {
        ModelFile::save(path, tanhMseNetwork(), {});
        ADD_FAILURE();
    } catch (const FileError& error) {
        EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos);
    }
}

TEST(ModelFile, RefusesMetadataThatWouldBreakTheHeader) {
    const Network network = tanhMseNetwork();
    EXPECT_THROW(ModelFile::serialize(network, {{"two words", "x"}}), ConfigError);
    EXPECT_THROW(ModelFile::serialize(network, {{"key", "line\nbreak"}}), ConfigError);
    EXPECT_THROW(ModelFile::serialize(network, {{"key", ""}}), ConfigError);
    EXPECT_THROW(ModelFile::serialize(network, {{"", "value"}}), ConfigError);
}

class ModelFileRefusal : public ::testing::Test {
protected:
    void SetUp() override {
        Architecture arch;
        arch.sizes = {6, 4, 10};
        m_network = Network(arch, 9);
        m_bytes = ModelFile::serialize(m_network, {{"dataset", "synthetic"}});
        m_dataStart = m_bytes.find("data\n") + 5;
    }

    // Loads `bytes` from a file and expects a FileError naming it and containing `problem`.
    void expectRefused(const std::string& bytes, const std::string& problem) {
        SCOPED_TRACE("expecting '" + problem + "'");
        const auto path = m_dir / "model.dsm";
        writeText(path, bytes);
        try {
            ModelFile::load(path);
            ADD_FAILURE() << "accepted";
        } catch (const FileError& error) {
            const std::string message = error.what();
            EXPECT_EQ(message.rfind(path.string() + ": ", 0), 0u) << message;
            EXPECT_NE(message.find(problem), std::string::npos) << message;
        }
    }

    std::string replaced(const std::string& from, const std::string& to) const {
        std::string bytes = m_bytes;
        const std::size_t at = bytes.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        return bytes.replace(at, from.size(), to);
    }

    // The file with its weights replaced and its checksum made right again.
    std::string withWeight(std::size_t index, float value) const {
        std::string bytes = m_bytes;
        std::memcpy(bytes.data() + m_dataStart + index * sizeof(float), &value, sizeof value);
        const auto* data = reinterpret_cast<const Bytef*>(bytes.data() + m_dataStart);
        char checksum[16];
        std::snprintf(checksum, sizeof checksum, "%08lx",
                      crc32(0L, data, static_cast<uInt>(bytes.size() - m_dataStart)));
        const std::size_t at = bytes.find("crc32 ") + 6;
        return bytes.replace(at, 8, checksum);
    }

    TempDir m_dir;
    Network m_network;
    std::string m_bytes;
    std::size_t m_dataStart = 0;
};

TEST_F(ModelFileRefusal, TheUnchangedFileLoads) {
    writeText(m_dir / "model.dsm", m_bytes);
    EXPECT_NO_THROW(ModelFile::load(m_dir / "model.dsm"));
}

TEST_F(ModelFileRefusal, MissingOrEmptyOrAFolder) {
    expectRefused("", "empty file");
    try {
        ModelFile::load(m_dir / "absent.dsm");
        ADD_FAILURE();
    } catch (const FileError& error) {
        EXPECT_NE(std::string(error.what()).find("absent.dsm: no such file"), std::string::npos);
    }
    EXPECT_THROW(ModelFile::load(m_dir.path()), FileError);
}

TEST_F(ModelFileRefusal, WrongMagic) {
    expectRefused(replaced("digitscope-model 1", "digitscope-modem 1"), "wrong magic");
    expectRefused("\x89PNG\r\n\x1a\n" + m_bytes, "wrong magic");
    expectRefused("no newline at all", "wrong magic");
}

TEST_F(ModelFileRefusal, WrongVersion) {
    expectRefused(replaced("digitscope-model 1\n", "digitscope-model 3\n"),
                  "model file version 3 is not supported");
    expectRefused(replaced("digitscope-model 1\n", "digitscope-model 10\n"), "version 10");
}

TEST_F(ModelFileRefusal, TruncatedAtSeveralPoints) {
    const std::size_t inHeader = m_bytes.find("activation") + 3;
    expectRefused(m_bytes.substr(0, inHeader), "no 'data' line");
    expectRefused(m_bytes.substr(0, m_dataStart - 5), "no 'data' line");
    expectRefused(m_bytes.substr(0, m_dataStart), "(truncated)");
    expectRefused(m_bytes.substr(0, m_dataStart + 17), "(truncated)");
    expectRefused(m_bytes.substr(0, m_bytes.size() - 1), "(truncated)");
}

TEST_F(ModelFileRefusal, TrailingBytes) {
    expectRefused(m_bytes + "xxxx", "weights are");
}

TEST_F(ModelFileRefusal, ParameterCountMismatch) {
    // 6*4+4 + 4*10+10 = 78
    expectRefused(replaced("parameters 78\n", "parameters 79\n"),
                  "architecture 6-4-10 needs 78 parameters but the header says 79");
    expectRefused(replaced("architecture 6-4-10\n", "architecture 6-5-10\n"), "needs 95");
}

TEST_F(ModelFileRefusal, BadChecksum) {
    std::string bytes = m_bytes;
    bytes[m_dataStart + 10] ^= 0x01;
    expectRefused(bytes, "checksum mismatch");
    expectRefused(replaced("crc32 ", "crc32 0"), "checksum mismatch");
}

TEST_F(ModelFileRefusal, NaNOrInfiniteWeight) {
    expectRefused(withWeight(3, std::numeric_limits<float>::quiet_NaN()),
                  "weight 3 is NaN or infinite");
    expectRefused(withWeight(77, std::numeric_limits<float>::infinity()),
                  "weight 77 is NaN or infinite");
    expectRefused(withWeight(0, -std::numeric_limits<float>::infinity()), "weight 0");
    // A finite replacement with its checksum fixed is accepted: the refusals above are about
    // the values.
    writeText(m_dir / "fine.dsm", withWeight(3, 1.5f));
    EXPECT_FLOAT_EQ(ModelFile::load(m_dir / "fine.dsm").network.parameters()[3], 1.5f);
}

TEST_F(ModelFileRefusal, AbsurdArchitecture) {
    expectRefused(replaced("architecture 6-4-10", "architecture 6-100000-10"),
                  "layer sizes must be 1 to 4096");
    expectRefused(replaced("architecture 6-4-10", "architecture 6-4-4-4-4-4-4-4-4-4-4-10"),
                  "hidden layers");
    expectRefused(replaced("architecture 6-4-10", "architecture 6-4-1"), "two outputs");
    expectRefused(replaced("architecture 6-4-10", "architecture six-four"), "not a list of sizes");
    expectRefused(replaced("architecture 6-4-10", "architecture 99999999999999-10"),
                  "not a list of sizes");
}

TEST_F(ModelFileRefusal, UnknownActivationOrLossAndMalformedHeaders) {
    expectRefused(replaced("activation relu", "activation swish"), "unknown activation 'swish'");
    expectRefused(replaced("loss xent", "loss hinge"), "unknown loss 'hinge'");
    expectRefused(replaced("loss xent\n", "loss xent\nloss mse\n"), "appears twice");
    expectRefused(replaced("loss xent\n", ""), "header has no 'loss'");
    expectRefused(replaced("loss xent\n", "lossxent\n"), "malformed header line");
    expectRefused(replaced("meta dataset synthetic", "meta dataset"), "malformed meta line");
}

TEST_F(ModelFileRefusal, MalformedOrUnusableNormalization) {
    for (const char* line : {"normalize 0.1", "normalize a b", "normalize 0.1 0.3 x",
                             "normalize 0.1 0", "normalize nan 1", "normalize 0.1 -2"}) {
        std::string bytes = replaced("loss xent\n", std::string("loss xent\n") + line + "\n");
        bytes.replace(0, 18, "digitscope-model 2");
        expectRefused(bytes, "normali");
    }
}

TEST_F(ModelFileRefusal, ParseNamesItsSource) {
    try {
        ModelFile::parse("garbage\n", "bundled:3b1b");
        ADD_FAILURE();
    } catch (const FileError& error) {
        EXPECT_EQ(std::string(error.what()).rfind("bundled:3b1b: ", 0), 0u) << error.what();
    }
}

}  // namespace
}  // namespace digitscope::core
