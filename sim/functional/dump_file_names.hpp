#pragma once
// File names for `ternsim run --functional --dump DIR`: one stem per op, so every dump file is
// DIR/<stem>.{x,w,y}.npy and stays inside DIR.
// Op names come from users and from ONNX graphs, whose names contain '/' ("/model/layers.0/...");
// written raw, such a name would create nested directories or, with "..", write outside DIR.
// A name made only of [A-Za-z0-9._-] that does not start with '.' and is at most 160 bytes is
// its own stem (readable, and what earlier dumps used). Any other name gets its unsafe bytes
// replaced by '_' (a leading '.' too), is cut to 160 bytes, and gets "-" + 16 hex digits of a
// 64-bit FNV-1a hash of the full name, so names that differ only in unsafe characters
// ("a/b", "a:b", "a_b") get distinct stems. Should two stems still coincide (a hash collision,
// or an op literally named like another's hashed stem), the later op gets "~<op index>"
// appended; '~' never survives sanitising, so that stem is unique. Deterministic: the stems
// depend only on the op names and their order. manifest.json records each op's file names.
#include <string>
#include <vector>

namespace ternsim::functional {

// Stem for one op name, before the workload-wide uniqueness pass.
std::string dump_stem(const std::string& op_name);

// Stems for all ops of a workload, in order, pairwise distinct.
std::vector<std::string> dump_stems(const std::vector<std::string>& op_names);

}  // namespace ternsim::functional
