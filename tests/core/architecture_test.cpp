#include "core/nn/architecture.h"

#include <gtest/gtest.h>

#include <string>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

TEST(Architecture, ParsesSizes) {
    EXPECT_EQ(Architecture::parseSizes("784-16-16-10"), (std::vector<int>{784, 16, 16, 10}));
    EXPECT_EQ(Architecture::parseSizes("784-10"), (std::vector<int>{784, 10}));
    EXPECT_EQ(Architecture::parseSizes("4-3"), (std::vector<int>{4, 3}));
}

TEST(Architecture, RefusesMalformedSizeStrings) {
    for (const std::string text :
         {"", "-", "784-", "-784-10", "784--10", "784-x-10", "784-16a-10", "784 -10", " 784-10",
          "784-16.5-10", "+784-10", "784,16,10", "99999999999-10", "784-10\n"}) {
        SCOPED_TRACE("'" + text + "'");
        try {
            Architecture::parseSizes(text);
            ADD_FAILURE() << "accepted";
        } catch (const ConfigError& error) {
            EXPECT_NE(std::string(error.what()).find("architecture '" + text + "'"),
                      std::string::npos)
                << error.what();
        }
    }
}

TEST(Architecture, SizesStringRoundTrips) {
    Architecture arch;
    arch.sizes = {784, 256, 128, 10};
    EXPECT_EQ(arch.sizesString(), "784-256-128-10");
    EXPECT_EQ(Architecture::parseSizes(arch.sizesString()), arch.sizes);
}

TEST(Architecture, DefaultIsTheVideosNetwork) {
    const Architecture arch;
    EXPECT_EQ(arch.sizesString(), "784-16-16-10");
    EXPECT_EQ(arch.layerCount(), 3);
    EXPECT_EQ(arch.inputSize(), 784);
    EXPECT_EQ(arch.outputSize(), 10);
    // 784*16+16 + 16*16+16 + 16*10+10
    EXPECT_EQ(arch.parameterCount(), 13002);
    EXPECT_NO_THROW(arch.validate());
}

TEST(Architecture, ParameterCountOfALargeNetwork) {
    Architecture arch;
    arch.sizes = {784, 4096, 4096, 10};
    EXPECT_EQ(arch.parameterCount(),
              std::int64_t{784} * 4096 + 4096 + std::int64_t{4096} * 4096 + 4096 + 4096 * 10 + 10);
}

void expectInvalid(std::vector<int> sizes, const std::string& fragment) {
    Architecture arch;
    arch.sizes = std::move(sizes);
    SCOPED_TRACE(arch.sizesString());
    try {
        arch.validate();
        ADD_FAILURE() << "accepted";
    } catch (const ConfigError& error) {
        EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
    }
}

TEST(Architecture, ValidateRefusesOutOfLimits) {
    expectInvalid({}, "needs an input and an output");
    expectInvalid({784}, "needs an input and an output");
    expectInvalid({784, 0, 10}, "layer sizes must be 1 to 4096");
    expectInvalid({784, -5, 10}, "layer sizes must be 1 to 4096");
    expectInvalid({784, Architecture::kMaxLayerSize + 1, 10}, "layer sizes must be 1 to 4096");
    expectInvalid({784, 16, 1}, "at least two outputs");
    std::vector<int> deep(static_cast<std::size_t>(Architecture::kMaxHiddenLayers) + 3, 8);
    expectInvalid(deep, "more than 8 hidden layers");
}

TEST(Architecture, ValidateAcceptsTheLimitsThemselves) {
    Architecture arch;
    arch.sizes = {784, Architecture::kMaxLayerSize, 10};
    EXPECT_NO_THROW(arch.validate());
    arch.sizes.assign(static_cast<std::size_t>(Architecture::kMaxHiddenLayers) + 2, 8);
    EXPECT_NO_THROW(arch.validate());  // exactly kMaxHiddenLayers hidden layers
    arch.sizes = {1, 2};
    EXPECT_NO_THROW(arch.validate());
}

TEST(Architecture, ActivationAndLossNamesRoundTrip) {
    for (Activation a : {Activation::Sigmoid, Activation::Relu, Activation::Tanh})
        EXPECT_EQ(parseActivation(toString(a)), a);
    for (Loss l : {Loss::CrossEntropy, Loss::SquaredError}) EXPECT_EQ(parseLoss(toString(l)), l);
    EXPECT_EQ(toString(Activation::Relu), "relu");
    EXPECT_EQ(toString(Loss::CrossEntropy), "xent");
    EXPECT_EQ(toString(Loss::SquaredError), "mse");
    EXPECT_EQ(parseLoss("cross-entropy"), Loss::CrossEntropy);
}

TEST(Architecture, UnknownNamesAreRefusedByName) {
    try {
        parseActivation("softplus");
        ADD_FAILURE();
    } catch (const ConfigError& error) {
        EXPECT_NE(std::string(error.what()).find("'softplus'"), std::string::npos);
    }
    EXPECT_THROW(parseActivation("ReLU"), ConfigError);
    EXPECT_THROW(parseActivation(""), ConfigError);
    try {
        parseLoss("hinge");
        ADD_FAILURE();
    } catch (const ConfigError& error) {
        EXPECT_NE(std::string(error.what()).find("'hinge'"), std::string::npos);
    }
}

TEST(Architecture, EqualityComparesEverything) {
    Architecture a, b;
    EXPECT_EQ(a, b);
    b.hidden = Activation::Tanh;
    EXPECT_NE(a, b);
    b = a;
    b.loss = Loss::SquaredError;
    EXPECT_NE(a, b);
    b = a;
    b.sizes.back() = 11;
    EXPECT_NE(a, b);
}

}  // namespace
}  // namespace digitscope::core
