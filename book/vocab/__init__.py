"""Vocabulary: the codes the data use and the labels and orders readers see."""
