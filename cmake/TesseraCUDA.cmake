# The CUDA toolkit root: the folder holding bin/ptxas (cubins) and
# nvvm/libdevice/libdevice.10.bc (linked into kernels that call __nv_*).
# scripts/bootstrap.sh passes TESSERA_CUDA_ROOT: CUDA_HOME, else the parent
# of ptxas on PATH, else the pip wheels nvidia-cuda-nvcc + nvidia-nvvm it
# installs (<site-packages>/nvidia/cu13). A plain cmake call without it looks
# at CUDA_HOME, CUDA_PATH, ptxas on PATH and /usr/local/cuda. Empty: none;
# tessera-translate then searches at run time (docs/build.md).
set(TESSERA_CUDA_ROOT "" CACHE PATH "CUDA toolkit root (bin/ptxas, nvvm/libdevice); empty if none")

if(NOT TESSERA_CUDA_ROOT)
  find_program(TESSERA_PTXAS ptxas
    HINTS ENV CUDA_HOME ENV CUDA_PATH PATH_SUFFIXES bin
    PATHS /usr/local/cuda/bin)
  if(TESSERA_PTXAS)
    get_filename_component(_bin "${TESSERA_PTXAS}" DIRECTORY)
    get_filename_component(_root "${_bin}" DIRECTORY)
    set(TESSERA_CUDA_ROOT "${_root}" CACHE PATH "CUDA toolkit root (bin/ptxas, nvvm/libdevice); empty if none" FORCE)
  endif()
endif()

if(TESSERA_CUDA_ROOT)
  if(NOT EXISTS "${TESSERA_CUDA_ROOT}/bin/ptxas")
    message(FATAL_ERROR "TESSERA_CUDA_ROOT=${TESSERA_CUDA_ROOT} has no bin/ptxas "
                        "(give the CUDA toolkit root, or empty for none)")
  endif()
  if(NOT EXISTS "${TESSERA_CUDA_ROOT}/nvvm/libdevice/libdevice.10.bc")
    message(WARNING "${TESSERA_CUDA_ROOT} has no nvvm/libdevice/libdevice.10.bc: "
                    "kernels calling libdevice (__nv_*) will not link "
                    "(pip install nvidia-nvvm)")
  endif()
  message(STATUS "CUDA toolkit root: ${TESSERA_CUDA_ROOT}")
else()
  message(STATUS "CUDA toolkit root: none (cubin output searches at run time; "
                 "scripts/bootstrap.sh installs one)")
endif()
