"""Data-protection rights (DSGVO Art. 15, 17, 20): a learner's data as a download, account
deletion, and the housekeeping that removes what is kept no longer."""
