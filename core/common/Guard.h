// The last line of defence of a worker (std::thread, QThread, QtConcurrent): an exception that
// escapes the work, LibTorch's c10::Error and std::bad_alloc among them, becomes an error message
// for the panel or the terminal instead of ending the process.
#pragma once

#include <new>
#include <optional>
#include <stdexcept>
#include <string>

namespace synset {

// Runs work(); returns what escaped it, as "where: what" (the first line of what(): c10::Error
// adds a C++ backtrace after it), or nothing when it returned.
template<typename Work> std::optional<std::string> catchAll(const std::string &where, Work &&work)
{
    try {
        work();
        return std::nullopt;
    } catch (const std::bad_alloc &) {
        return where + ": out of memory";
    } catch (const std::exception &e) {
        const std::string what = e.what();
        return where + ": " + what.substr(0, what.find('\n'));
    } catch (...) {
        return where + ": an unknown error";
    }
}

} // namespace synset
