# Desktop integration and the Debian package (cpack -G DEB in the build folder).

# The shipped Fashion-MNIST generator; defaultGeneratorPath() finds it beside the executables.
install(FILES ${PROJECT_SOURCE_DIR}/resources/models/fashion-mnist-cfg.safetensors
        ${PROJECT_SOURCE_DIR}/resources/models/README.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/synset-studio/models)
# CLIP's BPE vocabulary (MIT), for single-file Stable Diffusion checkpoints that carry none.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/sd/clip-tokenizer
        DESTINATION ${CMAKE_INSTALL_DATADIR}/synset-studio/sd)
if(SYNSET_BUILD_GUI)
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/synset-studio.desktop
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/io.github.synsetstudio.SynsetStudio.metainfo.xml
            DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/synset-studio.svg
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
endif()

set(CPACK_PACKAGE_NAME "synset-studio")
set(CPACK_PACKAGE_VENDOR "Synset Studio")
set(CPACK_PACKAGE_CONTACT "Synset Studio developers <dev@synset-studio.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "synset-studio")
set(CPACK_RESOURCE_FILE_README "${PROJECT_SOURCE_DIR}/README.md")
set(CPACK_GENERATOR "DEB")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "wordnet-base, qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "dataset-fashion-mnist")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Workbench for building image-classification datasets from diffusion models.\n WordNet synset browser, per-class prompt templates, crash-safe SQLite projects,\n IDX and ImageFolder imports, a class-conditional diffusion engine with\n classifier-free guidance (live guidance previews, resumable batch generation)\n and the synset-cli command-line tool.")
include(CPack)
