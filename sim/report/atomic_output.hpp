#pragma once
// Atomic outputs: a file on disk is a result the tool computed, whole, from one run.
//
// Every file ternsim writes goes through here. Text is written to a temporary name beside its
// target with every write() and close() checked, then renamed over the target, so a full disk,
// a killed process or a concurrent run never leaves a truncated or mixed file behind. Any
// failure is a ConfigError "path: cannot write output file: <strerror>" (one line, exit 2).
//
// OutputDir stages a whole result directory (summary.json, ops.csv, ...) in a hidden temporary
// directory inside the target and commits it with the target directory locked (flock), so
// concurrent runs into one --out each land complete: after they all finish, every file comes
// from the run that committed last, and files an earlier run wrote that the last one did not
// (functional.csv after a run without --functional) are removed.
#include <string>
#include <string_view>
#include <vector>

namespace ternsim {

// Writes `text` to `path` atomically (temporary name + rename). A target that exists and is not
// a regular file (/dev/null, /dev/stdout, /dev/full, a FIFO) is written in place instead, with
// every write checked: renaming over a device node would replace it.
void write_file_atomic(const std::string& path, std::string_view text);

class OutputDir {
 public:
  // Creates `target` if needed and a staging directory inside it. `owned_names` are the files a
  // commit may remove when this run did not write them (outputs of earlier runs).
  OutputDir(std::string target, std::vector<std::string> owned_names);
  // Checks, creating nothing, that `target` is or can be made a directory this process writes
  // into, or throws an error line like the constructor's: a command calls it before a long
  // simulation, so a bad --out fails at once.
  static void check(const std::string& target);
  ~OutputDir();  // removes the staging directory unless committed
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  // Writes one file into the staging directory (checked).
  void write(const std::string& name, std::string_view text);
  // Path of a file in the staging directory, for writers that need a path (e.g. .npy dumps).
  std::string staged(const std::string& name) const;
  // Moves every staged file into the target under an exclusive lock of the target directory.
  void commit();

  const std::string& target() const { return target_; }

 private:
  std::string target_, stage_;
  std::vector<std::string> owned_, written_;
  bool committed_ = false;
};

}  // namespace ternsim
