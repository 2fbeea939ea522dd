#pragma once

#include <stdexcept>
#include <string>

namespace digitscope::core {

// A file that cannot be read or is not what it claims to be. The message names the file.
class FileError : public std::runtime_error {
public:
    FileError(const std::string& path, const std::string& problem)
        : std::runtime_error(path + ": " + problem) {}
};

// Bad settings or arguments (an unknown activation, a batch size of zero, ...).
class ConfigError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

}  // namespace digitscope::core
