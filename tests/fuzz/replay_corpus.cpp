// Replays every file of a fuzz corpus through a fuzz target's entry point, in the normal test
// suite (GCC, no libFuzzer): the seed inputs and every input that once crashed a reader
// (kept in tests/fuzz/corpus/) must stay harmless. Usage: replay_corpus DIR...

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv)
{
    int files = 0;
    for (int a = 1; a < argc; ++a)
        for (const auto& entry : std::filesystem::directory_iterator(argv[a])) {
            std::ifstream in(entry.path(), std::ios::binary);
            const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
            ++files;
        }
    std::printf("replayed %d inputs\n", files);
    return files > 0 ? 0 : 1; // an empty corpus means a wrong path, not a pass
}
