/* Intentionally empty: libTesseraCAPI.so is made of whole MLIR C API archives. */
