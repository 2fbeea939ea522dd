#pragma once

// Helpers for the replay tests (tests/core/fuzz_regression_test.cpp,
// tests/ui/fuzz_regression_test.cpp): the files of tests/fuzz/<corpus|regressions>/<target>.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace digitscope::fuzz {

#ifndef DIGITSCOPE_FUZZ_DIR
#error "DIGITSCOPE_FUZZ_DIR (the tests/fuzz folder) must be defined by the build"
#endif

// The inputs in tests/fuzz/<folder>/<target>, sorted; dot files (.gitkeep) are not inputs.
inline std::vector<std::filesystem::path> fuzzInputs(const std::string& folder,
                                                     const std::string& target) {
    std::vector<std::filesystem::path> files;
    const std::filesystem::path dir = std::filesystem::path(DIGITSCOPE_FUZZ_DIR) / folder / target;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.is_regular_file() && !entry.path().filename().string().starts_with("."))
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

inline std::vector<std::uint8_t> readBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Seeds say what the reader must do with them: valid_* are accepted, invalid_* refused.
inline bool namedValid(const std::filesystem::path& path) {
    return path.filename().string().starts_with("valid_");
}

}  // namespace digitscope::fuzz
