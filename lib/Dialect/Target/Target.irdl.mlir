irdl.dialect @ttarget {}
